"""Screenshots of the report for the README (docs/img/), taken in headless Chromium from a built site.

    .venv/bin/runner docs --out site
    .venv/bin/python tools/report_screenshots.py --site site --out docs/img

The browser test (tests/test_report_site.py) takes the same screenshots of its own build into
test-artefacts/report/, so what the README shows is what the test checks. Needs the dev extras (Playwright)
and Debian's chromium.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: (file, page, viewport, what: "screen" for the first screenful, or a CSS selector for one element)
SHOTS = [
    ("overview.png", "index.html", DESKTOP, "screen"),
    ("headlines.png", "index.html", DESKTOP, ".bigvalues"),
    ("benchmarks.png", "child-protection.html", DESKTOP, '.indicator[data-indicator="cp_rate"]'),
    ("front-door.png", "front-door.html", DESKTOP, '.indicator[data-indicator="contact_referral_pct"]'),
    ("early-help.png", "front-door.html", DESKTOP, '.indicator[data-indicator="early_help_starts"]'),
    ("scorecard.png", "index.html", DESKTOP, ".datatable"),
    ("scorecard-phone.png", "index.html", PHONE, ".datatable"),
    ("front-door-phone.png", "front-door.html", PHONE, '.indicator[data-indicator="contact_referral_pct"]'),
]


def chromium_path() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"


def take(site: Path, out: Path, executable: str | None = None) -> list[Path]:
    """Take every screenshot in SHOTS of the site at `site` (opened from its files) into `out`."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable or chromium_path(), args=CHROMIUM_ARGS)
        try:
            for name, page_name, viewport, what in SHOTS:
                page = browser.new_page(viewport=viewport, device_scale_factor=1)
                page.goto((site / page_name).resolve().as_uri(), wait_until="load")
                # the theme's header is fixed to the top: let it scroll away so that it covers no element
                page.add_style_tag(content=".md-header { position: static !important; }")
                path = out / name
                if what == "screen":
                    page.screenshot(path=str(path))
                else:
                    page.locator(what).first.screenshot(path=str(path))
                page.close()
                written.append(path)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="a site built by runner docs [site]")
    parser.add_argument("--out", type=Path, default=Path("docs/img"), help="where the PNGs go [docs/img]")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"error: {args.site}/index.html: build the site first (runner docs --out {args.site})", file=sys.stderr)
        return 2
    for path in take(args.site, args.out):
        print(f"wrote {path} ({path.stat().st_size / 1000:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
