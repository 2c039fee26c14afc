"""Officers' commentary: short markdown notes that a performance officer writes for a reporting date,
shown on the report's pages under the chart they are about and carried in the workbook.

    commentary/<la_code>/<as_at YYYY-MM-DD>/<indicator_id>.md   a note on one indicator
    commentary/<la_code>/<as_at YYYY-MM-DD>/<page>.md           a note on a page (index, front-door, ...)

The folder is `commentary/` in the project unless CSC_COMMENTARY_DIR names another. A note is the
officers' own text, never generated and never required: a missing note is simply absent. A note whose
name is neither an indicator nor a page is reported (so a misspelt name is not silently lost); a note that
is not UTF-8 stops the run naming the file.

Notes are rendered as markdown without raw HTML: tags in a note are shown as text, links keep only
http(s), mailto and relative targets, and images become their alt text (a page fetches nothing).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

from runner.errors import BadInput
from runner.settings import PROJECT_DIR

COMMENTARY_ENV = "CSC_COMMENTARY_DIR"
DEFAULT_COMMENTARY_DIR = PROJECT_DIR / "commentary"
SAFE_HREF = re.compile(r"^(https?://|mailto:|#|(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!//))", re.IGNORECASE)


def commentary_dir(option: str | Path | None = None) -> Path:
    """The commentary folder: the one given, else $CSC_COMMENTARY_DIR, else commentary/ in the project."""
    return Path(option or os.environ.get(COMMENTARY_ENV) or DEFAULT_COMMENTARY_DIR).expanduser()


@dataclass
class Notes:
    """The notes of one authority for one reporting date, by name (an indicator id or a page name)."""

    folder: Path
    texts: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        """The note as its author wrote it (markdown), or None."""
        return self.texts.get(name)

    def html(self, name: str) -> str | None:
        """The note as safe HTML, or None."""
        text = self.texts.get(name)
        return markdown_to_safe_html(text) if text else None

    def plain(self, name: str) -> str | None:
        """The note as plain text (for a spreadsheet cell): paragraphs, list items as bullets, no markup."""
        text = self.texts.get(name)
        return markdown_to_text(text) if text else None

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.md"


def load_notes(
    la_code: str,
    as_at: date,
    known: Iterable[str],
    folder: Path | None = None,
    warn: Callable[[str], None] = print,
) -> Notes:
    """Read commentary/<la_code>/<as_at>/*.md. `known` are the names a note may have (indicator ids and
    page names); any other .md file there is reported through `warn` and left out."""
    where = commentary_dir(folder) / la_code / as_at.isoformat()
    notes = Notes(where)
    if not where.is_dir():
        return notes
    known = set(known)
    for path in sorted(where.glob("*.md")):
        name = path.stem
        if name not in known:
            warn(f"warning: {path}: no indicator or page is called {name!r}; the note is not shown "
                 "(name it <indicator_id>.md or <page>.md)")
            continue
        try:
            text = path.read_text(encoding="utf-8").strip()
        except UnicodeDecodeError as exc:
            raise BadInput(f"{path}: a commentary note must be UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        except OSError as exc:
            raise BadInput(f"{path}: cannot read the commentary note ({exc.strerror})") from exc
        if text:
            notes.texts[name] = text
    return notes


def markdown_to_text(text: str) -> str:
    """A note as plain text: the words of its markdown, paragraphs on their own lines, list items as bullets
    (and a link's address after its text)."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.href: str | None = None

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "li":
                self.parts.append("\n• ")
            elif tag in ("p", "tr", "br", "h1", "h2", "h3", "h4"):
                self.parts.append("\n")
            elif tag in ("td", "th"):
                self.parts.append("\t")
            elif tag == "a":
                self.href = dict(attrs).get("href")

        def handle_endtag(self, tag: str) -> None:
            if tag == "a" and self.href and not self.href.startswith("#"):
                self.parts.append(f" ({self.href})")
            if tag == "a":
                self.href = None
            elif tag in ("p", "ul", "ol", "table", "h1", "h2", "h3", "h4"):
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if data.strip() or "\n" not in data:  # not the line breaks between tags
                self.parts.append(data)

    parser = Text()
    parser.feed(markdown_to_safe_html(text))
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def markdown_to_safe_html(text: str) -> str:
    """Markdown (paragraphs, lists, emphasis, code, links, tables) to HTML with no raw HTML, no script and no
    fetched resource, as one block without blank lines (it sits inside a page's markdown)."""
    import markdown
    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class Sanitise(Treeprocessor):
        def run(self, root: ElementTree.Element) -> None:
            for parent in root.iter():
                for index, child in enumerate(list(parent)):
                    if child.tag == "img":
                        span = ElementTree.Element("span")
                        span.text = child.get("alt") or ""
                        span.tail = child.tail
                        parent.remove(child)
                        parent.insert(index, span)
                        continue
                    if child.tag == "a":
                        href = child.get("href", "")
                        child.attrib.clear()
                        if href and SAFE_HREF.match(href):
                            child.set("href", href)
                            if re.match(r"^https?://", href, re.IGNORECASE):
                                child.set("rel", "noopener noreferrer")
                    else:
                        child.attrib.clear()

    class NoRawHtml(Extension):
        def extendMarkdown(self, md) -> None:  # noqa: N802 (markdown's API)
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            md.treeprocessors.register(Sanitise(md), "sanitise", 0)

    html = markdown.markdown(text, extensions=[NoRawHtml(), "tables", "sane_lists"], output_format="html")
    return re.sub(r"\n\s*\n", "\n", html).strip()
