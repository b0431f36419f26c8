"""Name keys that survive transliteration.

Registrars write the same name many ways: Mohammed, Muhammad, Mohamed, Maxamed,
محمد. We fold every name token to a consonant skeleton after transliterating it
with anyascii, so that all of these meet on one key ("mhmd"). The keys serve the
person search and the linkage blocking; ranking after the lookup uses the full
strings.
"""

import re
import unicodedata
from functools import lru_cache
from itertools import combinations

from anyascii import anyascii

_NON_LETTERS = re.compile(r"[^a-z ]+")
# Ayn and hamza come out of anyascii as ` and ' (ትዕግስት -> t`gst): they sit inside a word, not between words.
_GLOTTALS = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf]")
# Arabic article and "servant of" prefixes that registrars write joined or apart (not Abdi: a name on its own).
_JOINABLE = {
    "bd",
    "bn",
    "abd",
    "abdul",
    "abdel",
    "abdal",
    "abdil",
    "abu",
    "al",
    "el",
    "ul",
    "bin",
    "ben",
    "ibn",
}
_ARTICLES = {"al", "el", "ul"}
# "-ullah" written apart in Arabic and Persian script (رحمت الله -> rhmt llh) joins the word before it.
_ALLAH = {"llh", "allah", "ullah", "llah", "ulla", "alla"}
# "Abdul Rahman", "Abdelrahman", "Abdurahman" and Arabic script's "bd lrhmn" all lose the article.
_ABD_PREFIX = re.compile(r"^a?bd[aeiou]?l?(?=[a-z]{3})")
# Eritrean and Ethiopian compound names written joined or apart: Gebremedhin / Gebre Medhin, Weldemariam.
_COMPOUND_PREFIXES = ("gebre", "ghebre", "gebra", "wolde", "welde", "habte", "haile", "kidane", "tesfa")
_DIGRAPHS = (
    ("dj", "j"),
    ("ce", "se"),
    ("ci", "si"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("ck", "k"),
    ("ou", "u"),
    ("q", "k"),
    ("x", "h"),
    ("z", "s"),
    ("v", "w"),
    ("j", "g"),
    ("c", "k"),
)
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and single spaces, whatever the script (cached: names repeat a lot)."""
    text = unicodedata.normalize("NFKC", text or "")
    latin = text if text.isascii() else anyascii(text)
    return " ".join(_NON_LETTERS.sub(" ", _GLOTTALS.sub("", latin).lower()).split())


# Abbreviations registrars copy from documents: "Md." is Mohammad on Bangladeshi passports.
_ABBREVIATIONS = {"md": "mohammad", "mohd": "mohammad", "muhd": "muhammad"}


def tokens(text: str) -> list[str]:
    """ASCII tokens with Arabic prefixes joined to the word they belong to."""
    words = [_ABBREVIATIONS.get(w, w) for w in ascii_fold(text).split()]
    joined: list[str] = []
    carry = ""
    for word in words:
        if word in _ALLAH and joined and not carry:
            joined[-1] += word
            continue
        if word in _JOINABLE:
            carry += "" if word in _ARTICLES and carry.startswith("abd") else word
            continue
        joined.append(carry + word)
        carry = ""
    if carry:
        joined.append(carry)
    return joined


def join_compounds(words: list[str]) -> list[str]:
    """ "gebre medhin" -> "gebremedhin": Eritrean and Ethiopian compound names as one word, however written."""
    out: list[str] = []
    for word in words:
        if out and out[-1] in _COMPOUND_PREFIXES:
            out[-1] += word
        else:
            out.append(word)
    return out


@lru_cache(maxsize=65536)
def _folded(token: str) -> str:
    """One ASCII token with the spelling rules applied, vowels still in (shared by skeleton and soft_key)."""
    word = token
    # Somali writes the ayn as a leading c (Cabdi, Cali, Cumar) where others write a vowel.
    if (
        len(word) > 2
        and word[0] == "c"
        and word[1] in "aeiou"
        and ("x" in word or word[1:3] in {"ab", "al", "um", "us", "is", "aa", "ii"})
    ):
        word = word[1:]
    word = _ABD_PREFIX.sub("bd", word)
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    # A final h is often written in one script or spelling only: Fatimah, فاطمة (ftmh), عائشة (ishh), Saleh.
    return word.rstrip("h") or word


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton of one ASCII token: the transliteration-stable key."""
    word = _folded(token)
    first = word[:1]
    body = _VOWELS.sub("", word)
    body = _DOUBLES.sub(r"\1", body)
    # A name made only of vowels keeps its first letter so it still has a key.
    return body or first


@lru_cache(maxsize=65536)
def soft_key(token: str) -> str:
    """A finer key than the skeleton for comparing two names: vowel positions kept, vowel identity dropped.

    Mohamed, Muhammad, Maxamed -> mahamad; Amina -> amana but Amin -> aman (the skeleton makes both "mn").
    """
    return _DOUBLES.sub(r"\1", re.sub(r"[aeiouy]+", "a", _folded(token)))


def name_keys(*parts: str) -> set[str]:
    """Search keys of a person's names: one per token and one per pair of tokens.

    Pair keys are order-free ("a|b" with a <= b), so a two-word query hits a
    selective index entry whatever order the names were typed in.
    """
    found: set[str] = set()
    for part in parts:
        words = tokens(part)
        found.update(skeleton(t) for t in words)
        for i, word in enumerate(words):
            prefix = next(
                (p for p in _COMPOUND_PREFIXES if word.startswith(p) and len(word) > len(p) + 2), None
            )
            if prefix:  # Gebremedhin is also found as "Gebre Medhin"
                found.update((skeleton(prefix), skeleton(word[len(prefix) :])))
            if word in _COMPOUND_PREFIXES and i + 1 < len(words):  # and "Gebre Medhin" as "Gebremedhin"
                found.add(skeleton(word + words[i + 1]))
    singles = sorted(s for s in found if s)
    keys = set(singles)
    keys.update(f"{a}|{b}" for a, b in combinations(singles, 2))
    return keys


def spelling_variants(text: str) -> str:
    """The words of `text` that have another common spelling, written that way: a leading j or y
    (Johannes, Yohannes) and a final d or t (Ahmed, Ahmet) exchanged.

    The search keys keep these apart (linkage folds them only when comparing); a lookup adds
    these words to what it asks for, so that either spelling finds the other.
    """
    swaps = {"j": "y", "y": "j", "d": "t", "t": "d"}
    out = []
    for word in tokens(text):
        other = word
        if other[0] in "jy":
            other = swaps[other[0]] + other[1:]
        if len(other) >= 3 and other[-1] in "dt":
            other = other[:-1] + swaps[other[-1]]
        if other != word:
            out.append(other)
    return " ".join(out)


def query_words(query: str) -> list[str]:
    """The single-word keys of a query (for the looser second search when one word is mistyped)."""
    return sorted({s for t in tokens(query) if (s := skeleton(t))})


def query_keys(query: str) -> list[str]:
    """The keys a name query must all match: its pairs when it has two or more tokens."""
    singles = query_words(query)
    if len(singles) < 2:
        return singles
    return [f"{a}|{b}" for a, b in combinations(singles, 2)]


def normalise_document_number(number: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", anyascii(number or "").upper())
