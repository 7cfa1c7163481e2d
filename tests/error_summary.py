"""Reading the error summary of a failed form (`form_errors` in templates/accounts/_macros.html)
and checking that each of its links leads to a field of the page."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ErrorSummary:
    """What the summary says: its heading, its plain items, its links (href, text), and the
    attributes of the box itself."""

    attrs: dict
    heading: str = ""
    items: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.summaries: list[ErrorSummary] = []
        self.fields: dict[str, str] = {}  # id -> tag, for the focusable fields of the page
        self._depth = 0  # <div> depth inside the summary being read
        self._in = None  # "heading", "item" or "link"
        self._text = ""
        self._href = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        shown = attrs.get("type") != "hidden" and "id" in attrs
        if tag in ("input", "select", "textarea") and shown:
            self.fields[attrs["id"]] = tag
        if self._depth:
            if tag == "div":
                self._depth += 1
            elif tag == "h2":
                self._in, self._text = "heading", ""
            elif tag == "li":
                self._in, self._text = "item", ""
            elif tag == "a":
                self._in, self._text, self._href = "link", "", attrs.get("href", "")
        elif tag == "div" and "form-errors" in attrs.get("class", "").split():
            self.summaries.append(ErrorSummary(attrs))
            self._depth = 1

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if not self._depth:
            return
        summary = self.summaries[-1]
        if tag == "div":
            self._depth -= 1
        elif tag == "h2" and self._in == "heading":
            summary.heading, self._in = " ".join(self._text.split()), None
        elif tag == "a" and self._in == "link":
            summary.links.append((self._href, " ".join(self._text.split())))
            self._in = None
        elif tag == "li" and self._in == "item":
            summary.items.append(" ".join(self._text.split()))
            self._in = None


def error_summary(html: str) -> ErrorSummary:
    """The page's one error summary, after checking it takes the focus and that every link
    points at a field of the page."""
    reader = _Reader()
    reader.feed(html)
    assert len(reader.summaries) == 1, f"{len(reader.summaries)} error summaries"
    summary = reader.summaries[0]
    assert summary.attrs.get("tabindex") == "-1" and "autofocus" in summary.attrs, summary.attrs
    for href, text in summary.links:
        assert href.startswith("#") and href[1:] in reader.fields, f"{text!r} links to {href}"
    return summary
