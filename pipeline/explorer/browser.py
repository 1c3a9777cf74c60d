"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, for the
browser test and the benchmark. Playwright never downloads a browser here: it
is pointed at the system one, with networking features off."""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = os.environ.get("PIPELINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_missing() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def chromium_page(width: int = 1200, height: int = 900) -> Iterator[tuple[object, list[str]]]:
    """(page, errors): a fresh page, and the console errors and uncaught exceptions it collects."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            errors: list[str] = []
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda err: errors.append(str(err)))
            yield page, errors
        finally:
            browser.close()


def open_report(page, path: Path, timeout_ms: int = 30_000) -> dict:
    """Load report.html from disk; milliseconds from navigation to the load event and to interactive."""
    page.goto("about:blank")  # a fresh document even when the page showed this file already
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_function("document.documentElement.dataset.ready", timeout=timeout_ms)
    return page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return {load_ms: Math.round(nav.loadEventEnd || nav.domContentLoadedEventEnd),
                interactive_ms: Number(document.documentElement.dataset.ready)};
    }""")
