"""Name keys that survive transliteration.

Registrars write the same name many ways: Mohammed, Muhammad, Mohamed, Maxamed,
محمد. We fold every name token to a consonant skeleton after transliterating it
with anyascii, so that all of these meet on one key ("mhmd"). The keys serve the
person search and the linkage blocking; ranking after the lookup uses the full
strings.
"""

import re
import unicodedata
from itertools import combinations

from anyascii import anyascii

_NON_LETTERS = re.compile(r"[^a-z ]+")
# Arabic article and "servant of" prefixes that registrars write joined or apart.
_JOINABLE = {"abd", "abdul", "abdel", "abdal", "abdil", "abdi", "abu", "al", "el", "ul", "bin", "ben", "ibn"}
_ARTICLES = {"al", "el", "ul"}
_ABD_PREFIX = re.compile(r"^abd[aeiou]?l?(?=[a-z]{3})")
_DIGRAPHS = (("kh", "h"), ("gh", "g"), ("ph", "f"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"),
             ("ck", "k"), ("ou", "u"), ("q", "k"), ("x", "h"), ("z", "s"), ("v", "f"), ("j", "g"), ("c", "k"))
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLES = re.compile(r"(.)\1+")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and single spaces, whatever the script."""
    text = unicodedata.normalize("NFKC", text or "")
    return " ".join(_NON_LETTERS.sub(" ", anyascii(text).lower()).split())


def tokens(text: str) -> list[str]:
    """ASCII tokens with Arabic prefixes joined to the word they belong to."""
    words = ascii_fold(text).split()
    joined: list[str] = []
    carry = ""
    for word in words:
        if word in _JOINABLE:
            carry += "" if word in _ARTICLES and carry.startswith("abd") else word
            continue
        joined.append(carry + word)
        carry = ""
    if carry:
        joined.append(carry)
    return joined


def skeleton(token: str) -> str:
    """Consonant skeleton of one ASCII token: the transliteration-stable key."""
    word = token
    # Somali writes the ayn as a leading c (Cabdi, Cali, Cumar) where others write a vowel.
    if len(word) > 2 and word[0] == "c" and word[1] in "aeiou" and ("x" in word or word[1:3] in {"ab", "al", "um", "us", "is", "aa", "ii"}):
        word = word[1:]
    word = _ABD_PREFIX.sub("abd", word)
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    first = word[:1]
    body = _VOWELS.sub("", word)
    body = _DOUBLES.sub(r"\1", body)
    # A name made only of vowels keeps its first letter so it still has a key.
    return body or first


def name_keys(*parts: str) -> set[str]:
    """Search keys of a person's names: one per token and one per pair of tokens.

    Pair keys are order-free ("a|b" with a <= b), so a two-word query hits a
    selective index entry whatever order the names were typed in.
    """
    singles = sorted({s for part in parts for t in tokens(part) if (s := skeleton(t))})
    keys = set(singles)
    keys.update(f"{a}|{b}" for a, b in combinations(singles, 2))
    return keys


def query_keys(query: str) -> list[str]:
    """The keys a name query must all match: its pairs when it has two or more tokens."""
    singles = sorted({s for t in tokens(query) if (s := skeleton(t))})
    if len(singles) < 2:
        return singles
    return [f"{a}|{b}" for a, b in combinations(singles, 2)]


def normalise_document_number(number: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", anyascii(number or "").upper())
