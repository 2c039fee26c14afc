"""What every component renderer is given: where the page is rendered (RenderContext) and the call itself."""

from __future__ import annotations

import html
from collections.abc import Callable
from concurrent.futures import Executor, Future
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
    #: where the SVGs are drawn while the page is rendered (render_page sets it: vl-convert draws several at
    #: once); each stands in the page as a placeholder until it is done
    executor: Executor | None = None
    svgs: dict[str, Future] = field(default_factory=dict)

    def svg(self, draw: Callable[[], str]) -> str:
        """An SVG drawn now, or, while a page is rendered, its placeholder (render_page puts it in)."""
        if self.executor is None:
            return draw()
        key = f"<!--csc-svg-{len(self.svgs)}-->"
        self.svgs[key] = self.executor.submit(draw)
        return key


@dataclass
class Call:
    component: Component
    data: Result
    results: dict[str, Result]
    where: str
    ctx: RenderContext = field(default_factory=RenderContext)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)
