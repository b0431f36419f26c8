"""Read a rendered page as a user sees it: which option each box shows, which forms there are, the text."""

from html.parser import HTMLParser


class Page(HTMLParser):
    """`Page(html).shown("case_type")` is the value a select shows (its selected option, else its first, as a
    browser does); `options`, `required`, `forms` (the hidden `step` of each form) and `text` (tags stripped)."""

    def __init__(self, html: str):
        super().__init__()
        self.selects: dict[str, list[tuple[str, bool]]] = {}
        self.required: set[str] = set()
        self.fields: set[str] = set()
        self.forms: list[str] = []
        self._select: str | None = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("input", "select", "textarea") and a.get("name"):
            self.fields.add(a["name"])
            if "required" in a:
                self.required.add(a["name"])
        if tag == "form":
            self.forms.append("")
        if tag == "input" and a.get("name") == "step" and self.forms:
            self.forms[-1] = a.get("value") or ""
        if tag == "select":
            self._select = a.get("name")
            self.selects[self._select or ""] = []
        elif tag == "option" and self._select is not None:
            self.selects[self._select].append((a.get("value") or "", "selected" in a))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def handle_data(self, data):
        self._text.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self._text).split())

    def options(self, name: str) -> list[str]:
        return [value for value, _ in self.selects[name]]

    def shown(self, name: str) -> str:
        options = self.selects[name]
        return next((value for value, selected in options if selected), options[0][0] if options else "")


def page(response) -> Page:
    assert response.status_code == 200, response.status_code
    return Page(response.content.decode())
