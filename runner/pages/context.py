"""What every component renderer is given: where the page is rendered (RenderContext) and the call itself."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from runner.pages.parsing import Component, Result


@dataclass
class RenderContext:
    """What a page needs to know about where it is rendered."""

    #: the series label of the authority's own values in charts, e.g. "Peterborough"
    authority_name: str = "This authority"
    #: where the dbt docs (lineage) are, relative to the page, with a trailing slash
    lineage_base: str = "lineage/"
    #: where a warning goes (emptySet=warn)
    warn: Callable[[str], None] = print
    #: a prefix for ids inside the page's SVG charts (inline SVGs share one id space); also the page's name
    id_prefix: str = "page"
    #: the officers' notes for this authority and date (runner.commentary.Notes), if any
    notes: object | None = None
    #: charts drawn so far on the page (numbers their ids)
    charts: int = 0


@dataclass
class Call:
    component: Component
    data: Result
    results: dict[str, Result]
    where: str
    ctx: RenderContext = field(default_factory=RenderContext)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)
