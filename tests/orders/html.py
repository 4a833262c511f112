"""Read tables out of a rendered page, as a person would see them."""

from __future__ import annotations

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class = css_class
        self.tables: list[list[list[str]]] = []
        self._depth = 0  # >0 while inside a wanted table
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table":
            if self._depth or self.css_class in classes:
                self._depth += 1
                if self._depth == 1:
                    self.tables.append([])
        elif self._depth and tag == "tr":
            self._row = []
        elif self._depth and tag in ("td", "th"):
            self._cell = []
        elif self._depth and tag == "input" and self._cell is not None:
            self._cell.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            self._depth -= 1
        elif (
            self._depth and tag in ("td", "th") and self._cell is not None and self._row is not None
        ):
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif self._depth and tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str | bytes, css_class: str = "matrix") -> list[list[list[str]]]:
    """Every `<table class="css_class">` as rows of cell texts (an input shows its value)."""
    parser = _Tables(css_class)
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser.tables
