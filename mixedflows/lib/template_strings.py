"""Finds the words of a template that a person would read but that no `{% translate %}` marks.

The completeness test runs it over every template; a text is language when it has two letters in a
row and is not one of the few names that stay the same in every language (NOT_LANGUAGE).
"""

import re
from dataclasses import dataclass

# An HTML tag, which may hold Django tags and variables inside its attributes.
HTML_TAG = re.compile(r"<(?:\{\{.*?\}\}|\{%.*?%\}|[^<>])*?>", re.DOTALL)
DJANGO_PIECE = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\})", re.DOTALL)
ATTRIBUTE = re.compile(r"""\b(title|placeholder|aria-label|alt|label)\s*=\s*("([^"]*)"|'([^']*)')""")
LITERAL_FILTER_ARG = re.compile(r"""\|\s*(default|default_if_none|yesno)\s*:\s*("([^"]*)"|'([^']*)')""")
WORDS = re.compile(r"[^\W\d_]{2,}")
# Names and formats that read the same in every language.
NOT_LANGUAGE = {
    "mixedflows",
    "HXL",
    "XLSForm",
    "ODK",
    "CSV",
    "JSON",
    "XLSX",
    "HTCDS",
    "Kobo",
    "KoboToolbox",
    "ISO",
}
_SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}


@dataclass(frozen=True)
class Unmarked:
    line: int
    text: str


def is_language(text: str) -> bool:
    return any(word not in NOT_LANGUAGE for word in WORDS.findall(text))


def unmarked_strings(source: str) -> list[Unmarked]:
    """Text between tags, literal attribute values people read, and literal `default:`/`yesno:` arguments."""
    found = []

    def line_of(position: int) -> int:
        return source.count("\n", 0, position) + 1

    def blank(match: re.Match) -> str:
        # The tag's place is kept (same length, same newlines) so that positions still give line numbers.
        for attribute in ATTRIBUTE.finditer(match.group(0)):
            value = attribute.group(3) if attribute.group(3) is not None else attribute.group(4)
            if "{" not in value and is_language(value):
                found.append(Unmarked(line_of(match.start()), value))
        return re.sub(r"[^\n]", "\x00", match.group(0))

    text = HTML_TAG.sub(blank, source)
    closing = None
    position = 0
    for piece in DJANGO_PIECE.split(text):
        start, position = position, position + len(piece)
        if piece.startswith("{%"):
            words = piece[2:-2].split()
            name = words[0] if words else ""
            if closing:
                closing = None if name == closing else closing
            elif name in _SKIPPED_BLOCKS:
                closing = _SKIPPED_BLOCKS[name]
            continue
        if closing or piece.startswith("{#"):
            continue
        if piece.startswith("{{"):
            for match in LITERAL_FILTER_ARG.finditer(piece):
                value = match.group(3) if match.group(3) is not None else match.group(4)
                if is_language(value):
                    found.append(Unmarked(line_of(start), value))
            continue
        offset = 0
        for part in piece.split("\x00"):
            if is_language(part):
                found.append(Unmarked(line_of(start + offset + len(part) - len(part.lstrip())), part.strip()))
            offset += len(part) + 1
    return sorted(found, key=lambda u: u.line)
