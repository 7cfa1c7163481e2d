"""Turn the CGV's plain text into blocks a template renders with autoescaping.

The stored text is deliberately simple and contains no HTML, so nothing in it can ever
inject markup:

    ## 5. Commandes            an article (level 2); its number gives the anchor "art-5"
    ### 5.2.1 Compte client    a sub-article (level 3)
    - an item                  consecutive items form a list
    any other line             paragraph text; a blank line ends the paragraph
"""

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{2,4})\s+(.*)$")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.*)$")


@dataclass(frozen=True)
class Block:
    """One piece of the text: a heading, a paragraph or a list."""

    kind: str  # "heading", "paragraph" or "list"
    text: str = ""
    level: int = 0
    number: str = ""
    items: tuple[str, ...] = field(default_factory=tuple)

    @property
    def anchor(self) -> str:
        """The id of a numbered heading, e.g. "art-5-2-1"."""
        return "art-" + self.number.replace(".", "-") if self.number else ""


def _heading(marks: str, rest: str) -> Block:
    match = _NUMBER.match(rest.strip())
    number, title = (match.group(1), match.group(2)) if match else ("", rest.strip())
    return Block(kind="heading", text=title, level=len(marks), number=number)


def parse_blocks(body: str) -> list[Block]:
    """Split the CGV text into headings, paragraphs and lists, in order."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block(kind="paragraph", text=" ".join(paragraph)))
            paragraph.clear()
        if items:
            blocks.append(Block(kind="list", items=tuple(items)))
            items.clear()

    for raw in body.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            blocks.append(_heading(heading.group(1), heading.group(2)))
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        elif items and raw[:1].isspace():
            items[-1] += " " + line  # an indented line continues the list item
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return blocks


def table_of_contents(blocks: list[Block]) -> list[Block]:
    """The articles (level-2 headings), for a table of contents."""
    return [block for block in blocks if block.kind == "heading" and block.level == 2]
