"""Shared fixtures for the browser tests of the built site (_build/html, or the folder named by SITE_DIR).

The site is served on 127.0.0.1 from a thread; Chromium (Debian's, /usr/bin/chromium; Playwright cannot
download browsers here) loads it with every request to any other host aborted, so a page that needs the
network fails these tests. The tests are skipped, with a reason, only when the site has not been built;
`make test` builds it first.

SITE_DIR=/tmp/build/_build/html tests another build (one made with `jupyter-book build . --path-output /tmp/build`)
without touching _build/html; a relative SITE_DIR is taken from the book's root.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import types
from pathlib import Path
from urllib.parse import urlparse

import pytest

from book import ROOT, toc_files

SITE = ROOT / os.environ.get("SITE_DIR", "_build/html")
#: the site's pages, in the order of _toc.yml
PAGES = [f"{entry}.html" for entry in toc_files()]
#: the axe-core impacts that fail a test
BAD_IMPACTS = {"serious", "critical"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.skip("the site is not built: run `make book` first (make test does)")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `apt-get install -y chromium` (make test does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageLog:
    """What a page did: console errors, page errors, failed and blocked requests."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.blocked_requests: list[str] = []


def problems_of(log: PageLog) -> list[str]:
    """What went wrong on a page, one line each (an empty list: nothing)."""
    problems = [f"console error: {m}" for m in log.console_errors]
    problems += [f"page error: {m}" for m in log.page_errors]
    problems += [f"failed request: {m}" for m in log.failed_requests]
    problems += [f"request to another host (the page needs the network): {m}" for m in log.blocked_requests]
    return problems


def summary_at_the_end(request, name: str, write) -> None:
    """Have ``write(terminalreporter)`` add its section after the run's summary: once a run, whatever calls it."""
    manager = request.config.pluginmanager
    if manager.get_plugin(name) is None:
        manager.register(types.SimpleNamespace(pytest_terminal_summary=write), name)


def serious_violations(results) -> list[str]:
    """axe-core's serious and critical violations in ``Axe().run(page)``'s results, one line each, with where."""
    return [f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in BAD_IMPACTS]


@pytest.fixture
def open_page(browser, site_url):
    """``open_page(path, width=1280)`` -> (page, log): the page loaded offline, with what went wrong recorded."""
    contexts = []

    def _open(path: str, width: int = 1280, height: int = 900, color_scheme: str = "light"):
        context, page, log = offline_page(browser, width, height, color_scheme)
        contexts.append(context)
        page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
        page.on(
            "requestfailed",
            lambda r: log.failed_requests.append(r.url) if urlparse(r.url).hostname == "127.0.0.1" else None,
        )
        page.on(
            "response",
            lambda resp: log.failed_requests.append(f"{resp.status} {resp.url}") if resp.status >= 400 else None,
        )
        page.goto(f"{site_url}/{path.lstrip('/')}", wait_until="networkidle")
        return page, log

    yield _open
    for c in contexts:
        c.close()


def offline_page(browser, width: int, height: int = 900, color_scheme: str = "light"):
    """(context, page, log): a new page in its own context, every request to another host aborted and recorded.

    For tests that reuse one page for many pages of the site (``page.goto``): see ``reader_views``."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme)
    log = PageLog()

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            log.blocked_requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    return context, page, log


@pytest.fixture(scope="session")
def reader_views(browser, site_url):
    """``view(path, width)`` -> page: one page object per width for the whole session, navigated to ``path``.

    Loading every page at three widths is the cost of the reader-view test; reusing a page per width saves
    creating a context per page and width."""
    views = {}

    def view(path: str, width: int, height: int = 900):
        if width not in views:
            views[width] = offline_page(browser, width, height)
        context, page, log = views[width]
        # "load" waits for the page's images, scripts and stylesheets; then its fonts and two frames (not "networkidle",
        # which a page reused for many pages sometimes never reaches on a loaded machine)
        page.goto(f"{site_url}/{path.lstrip('/')}", wait_until="load", timeout=120_000)
        page.evaluate("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => "
                      "requestAnimationFrame(r))))")
        return page

    yield view
    for context, _, _ in views.values():
        context.close()
