"""The reader notebooks in a real JupyterLab (and one chapter in Notebook 7), driven in Chromium.

A student's copies (the reader notebooks of ``make reader``, copied to a temporary workspace) are opened in a
JupyterLab started from the project's venv on 127.0.0.1 with a token. For every chapter: Run All, then no error
output, no console error, no raw MyST in any rendered markdown cell, every solution folded, and every control of
every explorer changes its view. Run All runs no solution: a solution's code is a code block inside its folded
dropdown, not a cell, so after Run All no solution or answer cell has an output and no name that only a solution
defines exists in the kernel; each solution, copied into the kernel as a student would, then runs without error.
Skipped, with a reason, when the reader notebooks have not been built (`make browser` builds them first).
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
READER = ROOT / "_build" / "reader"
JUPYTER = Path(sys.executable).parent / "jupyter"
NOTEBOOKS = sorted(p.name for p in READER.glob("*.ipynb")) if READER.exists() else []
CHAPTERS = [n for n in NOTEBOOKS if re.match(r"\d\d_", n) and not n.startswith("00_")]
RUN_TIMEOUT_MS = 300_000

# what MyST looks like when nothing rendered it
RAW_MYST = re.compile(r"\{[a-z][\w:-]*\}`|^\s*(```|:::)\{|^\s*:(label|class|filter|keyprefix):", re.M)
# console messages that are not about the book: Lab's own chatter
IGNORED_CONSOLE = re.compile(r"Failed to load resource.*(favicon|api/(lsp|news|translations))|jupyterlab_pygments|"
                             r"Download the React DevTools")


NOTEBOOK7_STARTUP = re.compile(r"reading 'schema'|Command 'filebrowser:open-path' not registered|"
                               r"Failed to load resource: the server responded with a status of 403|"
                               r"HTTP 403 \S+/static/notebook/\w+\.woff2")  # a font of Notebook 7, sometimes refused


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the reader notebooks: (base_url, token, workspace)."""
    if not CHAPTERS:
        pytest.skip("the reader notebooks are not built: run `make reader` first (make browser does)")
    home = tmp_path_factory.mktemp("lab")
    workspace = home / "workspace"
    workspace.mkdir()
    for name in [*NOTEBOOKS, "matplotlibrc"]:
        shutil.copy2(READER / name, workspace / name)
    settings = home / "settings"
    for path, value in {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
        # render every cell, so that every markdown cell can be checked
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }.items():
        (settings / path).parent.mkdir(parents=True, exist_ok=True)
        (settings / path).write_text(json.dumps(value))
    token, port = secrets.token_hex(16), _free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    cmd = [str(JUPYTER), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={workspace}", "--LabApp.expose_app_in_browser=True",
           "--JupyterNotebookApp.expose_app_in_browser=True", "--ServerApp.allow_root=True"]
    log = open(home / "lab.log", "w")
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=workspace)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited: {(home / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("jupyter lab did not start within 60 s")
    yield base, token, workspace
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's Chromium from conftest.py: Playwright's sync API runs one instance per process, so a
    second ``sync_playwright()`` here fails once the site tests have started theirs."""
    return browser


def _open(chromium, url, ignore=None):
    """(context, page, errors): the page loaded, the console errors, page errors and failed requests recorded."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []

    def record(text):
        if not IGNORED_CONSOLE.search(text) and not (ignore and ignore.search(text)):
            errors.append(text)

    page.on("console", lambda m: record(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: record(f"page error: {e}"))
    page.on("response", lambda r: record(f"HTTP {r.status} {r.url.split('?')[0]}") if r.status >= 400 else None)
    page.goto(url)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell && "
                           "window.jupyterapp.shell.currentWidget && window.jupyterapp.shell.currentWidget.content "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel", timeout=90_000)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                           timeout=90_000)
    return context, page, errors


RUN_ALL = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  const deadline = Date.now() + %d;
  // the command resolves when the last cell has run; never wait for it longer than the deadline
  await Promise.race([window.jupyterapp.commands.execute('notebook:run-all-cells'),
                      new Promise(r => setTimeout(r, deadline - Date.now()))]);
  // wait until no cell is queued or running and the kernel is idle
  while (Date.now() < deadline) {
    const busy = panel.content.widgets.some(w => w.model.type === 'code' && w.promptNode && /\\*/.test(w.promptNode.textContent));
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!busy && kernel && kernel.status === 'idle') return true;
    await new Promise(r => setTimeout(r, 250));
  }
  return false;
}""" % RUN_TIMEOUT_MS

CELLS = """() => window.jupyterapp.shell.currentWidget.content.widgets.map((w, i) => ({
  index: i, type: w.model.type, tags: w.model.getMetadata('tags') || [],
  inputHidden: w.inputHidden, outputsHidden: w.outputHidden,
  outputs: w.model.type === 'code' ? w.model.outputs.toJSON() : [],
  rendered: w.model.type === 'markdown' ? (w.node.querySelector('.jp-InputArea > .myst, .jp-MarkdownOutput') || {}).innerText || null : null,
  mystErrors: w.model.type === 'markdown' ? w.node.querySelectorAll('.myst-error, [class*="text-red"]').length : 0,
  openDetails: w.model.type === 'markdown' ? Array.from(w.node.querySelectorAll('details')).filter(d => d.open).length : 0,
  solutions: w.model.type === 'markdown' ? w.node.querySelectorAll('details').length : 0,
}))"""


def _check_notebook(page, errors, name):
    problems = []
    # jupyterlab-myst renders asynchronously: wait until every markdown cell shows its rendering
    page.wait_for_function("""() => window.jupyterapp.shell.currentWidget.content.widgets
        .filter(w => w.model.type === 'markdown')
        .every(w => { const m = w.node.querySelector('.jp-InputArea > .myst'); return m && m.innerText.trim().length > 0; })""",
                           timeout=60_000)
    page.wait_for_timeout(1000)
    # opening it changed nothing (kernel name, display name and language_info are the kernel's own)
    if page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty"):
        problems.append(f"{name}: opening the notebook modified it (its metadata differs from what the kernel writes)")
    # as the student first sees it: every solution folded, its prose and its code in a closed dropdown
    for c in page.evaluate(CELLS):
        where = f"{name} cell {c['index']}"
        if "solution" in c["tags"]:
            if c["type"] == "markdown" and not c["solutions"]:
                problems.append(f"{where}: the solution is not in a folded dropdown")
            if c["type"] == "code":
                problems.append(f"{where}: the solution's code is a code cell, which Run All would run")
    assert page.evaluate(RUN_ALL), f"{name}: Run All did not finish within {RUN_TIMEOUT_MS // 1000} s"
    cells = page.evaluate(CELLS)
    for c in cells:
        where = f"{name} cell {c['index']}"
        for o in c["outputs"]:
            if o.get("output_type") == "error" and "raises-exception" not in c["tags"]:
                problems.append(f"{where}: {o.get('ename')}: {o.get('evalue')}")
        if c["type"] == "markdown":
            if c["rendered"] is None:
                problems.append(f"{where}: markdown not rendered")
            elif RAW_MYST.search(c["rendered"]):
                problems.append(f"{where}: raw MyST shown: {RAW_MYST.search(c['rendered']).group(0)!r}")
            if c["openDetails"]:
                problems.append(f"{where}: a solution or dropdown is open")
        if {"solution", "student"} & set(c["tags"]) and c["outputs"]:
            problems.append(f"{where}: Run All left an output in a solution or answer cell: {c['outputs'][0]}")
    assert not problems, "\n".join(problems)
    assert not errors, f"{name}: console errors:\n" + "\n".join(errors[:10])
    return cells


EXECUTE = """async code => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, store_history: false});
  const out = [];
  future.onIOPub = msg => {
    const kind = msg.header.msg_type;
    if (kind === 'stream') out.push(msg.content.text);
    if (kind === 'error') out.push(`ERROR ${msg.content.ename}: ${msg.content.evalue}`);
  };
  await future.done;
  return out.join('');
}"""
SOLUTION_CODE = re.compile(r"^(`{3,})python\n(.*?)\n\1[ \t]*$", re.M | re.S)


def _bound_names(code: str) -> set[str]:
    bound = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return bound


def solutions_of(path: Path) -> tuple[list[tuple[int, str]], set[str]]:
    """([(cell index, code)] of every solution's code blocks, the names only those blocks define) of a notebook."""
    cells = json.loads(path.read_text())["cells"]
    solutions, elsewhere = [], set()
    for k, cell in enumerate(cells):
        text = "".join(cell["source"])
        if cell["cell_type"] == "code":
            elsewhere |= _bound_names(text)
        elif "solution" in cell["metadata"].get("tags", []):
            solutions += [(k, m.group(2)) for m in SOLUTION_CODE.finditer(text)]
    only = set().union(*(_bound_names(code) for _, code in solutions)) - elsewhere
    return solutions, only


def _check_solutions(page, path, name):
    """After Run All: no name only a solution defines exists; then each solution, run as a student copies it, works."""
    solutions, only = solutions_of(path)
    assert solutions, f"{name}: no solution's code found in its folded dropdowns"
    present = page.evaluate(EXECUTE, f"print(sorted(n for n in {sorted(only)!r} if n in globals()))").strip()
    assert present == "[]", f"{name}: after Run All the kernel holds names only a solution defines: {present}"
    problems = []
    for k, code in solutions:
        out = page.evaluate(EXECUTE, code)
        if "ERROR" in out:
            problems.append(f"{name} cell {k}: the solution's code, run after the chapter, fails: {out[-500:]}")
    assert not problems, "\n".join(problems)


EXPLORERS = """() => Array.from(document.querySelectorAll('.lgx-live')).map(v => {
  const out = v.closest('.jp-OutputArea-output');
  return out ? out.querySelectorAll('.widget-slider, .widget-dropdown, .widget-button, .widget-play').length : 0; })"""


def _view(page, k):
    return page.evaluate("k => { const v = document.querySelectorAll('.lgx-live')[k]; return v.innerHTML; }", k)


def _check_explorers(page, name):
    counts = page.evaluate(EXPLORERS)
    problems = []
    for k, _ in enumerate(counts):
        out = page.locator(".lgx-live").nth(k).locator("xpath=ancestor::div[contains(@class,'jp-OutputArea-output')][1]")
        out.scroll_into_view_if_needed()
        controls = out.locator(".widget-slider, .widget-dropdown, .widget-button, .widget-play")
        for j in range(controls.count()):
            control = controls.nth(j)
            classes = control.get_attribute("class")
            before = _view(page, k)
            label = control.inner_text().strip().splitlines()[0] if control.inner_text().strip() else classes
            if "widget-play" in classes:
                control.locator("button").first.click()
                page.wait_for_timeout(1200)
                control.locator("button").nth(1).click()
            elif "widget-button" in classes:
                control.click()
                if "Previous" in label and not _wait_change(page, k, before, timeout=3.0):
                    # at step 0 (where the slider's test may leave it under load) back does nothing: step forward first
                    out.locator(".widget-button", has_text="Next").first.click()
                    if not _wait_change(page, k, before):
                        problems.append(f"{name}: explorer {k + 1}, control 'Next': the view did not change")
                    before = _view(page, k)
                    control.click()
            elif "widget-dropdown" in classes:
                select = control.locator("select")
                options = select.locator("option").all_inner_texts()
                current = select.evaluate("s => s.options[s.selectedIndex].text")
                select.select_option(label=next(o for o in options if o != current))
            else:
                handle = control.locator(".noUi-handle").first
                handle.scroll_into_view_if_needed()
                handle.focus()
                handle.press("ArrowRight")
                if not _wait_change(page, k, before, timeout=2.0):
                    handle.press("ArrowLeft")
                    handle.press("ArrowLeft")
                if not _wait_change(page, k, before, timeout=2.0):  # the keys did not reach it: drag it instead
                    box = handle.bounding_box()
                    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                    page.mouse.move(x, y)
                    page.mouse.down()
                    page.mouse.move(x + 40, y, steps=5)
                    page.mouse.up()
            if not _wait_change(page, k, before):
                problems.append(f"{name}: explorer {k + 1}, control {label!r}: the view did not change")
    assert not problems, "\n".join(problems)
    return len(counts)


def _wait_change(page, k, before, timeout=20.0):  # a kernel round trip; slow when the machine is busy
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if _view(page, k) != before:
            return True
        page.wait_for_timeout(100)
    return False


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_in_jupyterlab(lab, chromium, name):
    base, token, workspace = lab
    context, page, errors = _open(chromium, f"{base}/lab/tree/{name}?reset&token={token}")
    try:
        _check_notebook(page, errors, name)
        _check_explorers(page, name)
        assert not errors, f"{name}: console errors while using the explorers:\n" + "\n".join(errors[:10])
        _check_solutions(page, workspace / name, name)
    finally:
        context.close()


def test_solutions_are_not_cells():
    """Run All cannot run a solution: every solution's code is a code block in its folded dropdown, and no cell Run
    All runs reads a name that only a solution defines (the build checks it too)."""
    if not CHAPTERS:
        pytest.skip("the reader notebooks are not built: run `make reader` first (make browser does)")
    for name in CHAPTERS:
        cells = json.loads((READER / name).read_text())["cells"]
        solutions, only = solutions_of(READER / name)
        assert solutions, f"{name}: no solution's code in a folded dropdown"
        for k, cell in enumerate(cells):
            tags = cell["metadata"].get("tags", [])
            assert not ("solution" in tags and cell["cell_type"] == "code"), f"{name} cell {k}: a solution is a code cell"
            if cell["cell_type"] == "code":
                tree = ast.parse("".join(cell["source"]))
                read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
                assert not read & only - _bound_names("".join(cell["source"])), (
                    f"{name} cell {k} reads {sorted(read & only)}, which only a solution defines")


def test_intro_renders(lab, chromium):
    base, token, _ = lab
    context, page, errors = _open(chromium, f"{base}/lab/tree/00_intro.ipynb?reset&token={token}")
    try:
        text = page.locator(".jp-MarkdownCell .jp-InputArea > .myst").first.inner_text()
        assert "Why the log-loss gradient" in text and not RAW_MYST.search(text)
    finally:
        context.close()


def test_a_chapter_in_notebook_7(lab, chromium):
    """Notebook 7 (jupyter notebook): 06, a chapter with an explorer (Play, buttons, sliders) and exercises."""
    base, token, _ = lab
    name = next((n for n in CHAPTERS if n.startswith("06_")), CHAPTERS[0])
    # Notebook 7.6's own errors (notebook_core.js at start-up, with or without the book's notebooks): not the book's
    context, page, errors = _open(chromium, f"{base}/notebooks/{name}?token={token}", ignore=NOTEBOOK7_STARTUP)
    try:
        _check_notebook(page, errors, name)
        _check_explorers(page, name)
    finally:
        context.close()


def test_installed_kernel_matches_the_chapters():
    """A chapter opened in Jupyter is not modified by opening it: its kernelspec is the installed one."""
    kernel = json.loads((Path(sys.prefix) / "share/jupyter/kernels/python3/kernel.json").read_text())
    chapters = [json.loads(p.read_text())["metadata"]["kernelspec"] for p in sorted((ROOT / "book").glob("*.ipynb"))]
    assert all(k["display_name"] == kernel["display_name"] and k["name"] == "python3" for k in chapters), (
        f"the installed kernel is {kernel['display_name']!r}; the chapters say "
        f"{sorted({k['display_name'] for k in chapters})}: opening a chapter would modify it")
