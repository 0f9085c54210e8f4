"""Sphinx extension: the book's website works offline and its pages load without console errors.

Loaded by ``_config.yml`` (``sphinx: local_extensions: {offline_site: _ext}``). It does three things.

1. MathJax 3 is served by the site itself instead of a CDN.
   The files come from the npm package pinned in ``package.json`` / ``package-lock.json``
   (``npm ci`` installs it into ``node_modules/``; ``make book`` runs it).
   Only what pages can request is copied (``MATHJAX_FILES``, about 2.9 MB on disk): the combined
   ``tex-mml-chtml.js`` component, its WOFF2 fonts, the TeX extensions that ``autoload`` fetches on
   demand, and the accessibility extensions with English speech rules that MathJax's menu can turn on.
   A page with math loads about 1.3 MB of it (the script and the fonts it uses), not the 24 MB package.
   ``mathjax_path`` is set here, so a page never points at a CDN.

2. ``mathjax-site.js`` (in ``static/``) is added after MathJax's configuration on every page that
   loads MathJax. It gives MathJax 3 the one MathJax 2 call that Jupyter widgets make
   (``MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])``), so widget labels and HTMLMath outputs are
   typeset instead of throwing ``TypeError: Cannot read properties of undefined (reading 'Queue')``;
   and it marks inline formulas too wide for their line (``mjx-wide``, styled in ``_static/site.css``)
   so that on a phone they scroll in their own box instead of being cut off.

3. Inline scripts are written once per page. Sphinx 7.4 records an inline script added after the builder
   starts (sphinx-thebe's and sphinx-togglebutton's configuration) once with the file name ``None``
   and once with ``''``, so its de-duplication misses it and the page declares
   ``const THEBE_JS_URL`` twice (``SyntaxError: Identifier 'THEBE_JS_URL' has already been declared``).
   Scripts that are identical apart from that are emitted once.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

__all__ = ["MATHJAX_FILES", "MATHJAX_PATH", "setup"]

HERE = Path(__file__).resolve().parent
#: where pages load MathJax from, relative to the site's _static/
MATHJAX_PATH = "mathjax/tex-mml-chtml.js"
#: files and folders of node_modules/mathjax/es5 that the site serves (everything a page can request)
MATHJAX_FILES = (
    "tex-mml-chtml.js",
    "output/chtml/fonts/woff-v2",
    "input/tex/extensions",
    "a11y",
    "sre/mathmaps/base.json",
    "sre/mathmaps/en.json",
    "sre/mathmaps/nemeth.json",
)


def _pinned_mathjax_version(root: Path) -> str:
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf8"))
    return lock["packages"]["node_modules/mathjax"]["version"]


def stage_mathjax(root: Path, staging: Path) -> Path:
    """Copy the MathJax files the site serves into ``staging/mathjax`` and return ``staging``.

    Raises ExtensionError when ``npm ci`` has not installed the pinned version.
    """
    package = root / "node_modules" / "mathjax"
    wanted = _pinned_mathjax_version(root)
    try:
        installed = json.loads((package / "package.json").read_text(encoding="utf8"))["version"]
    except FileNotFoundError:
        installed = None
    if installed != wanted:
        found = f"found {installed}" if installed else "it is not installed"
        raise ExtensionError(
            f"offline_site: the site serves MathJax {wanted} from node_modules/ but {found}: "
            "run `npm ci` in the book's root (`make book` does)"
        )
    target = staging / "mathjax"
    if target.exists():
        shutil.rmtree(target)
    for rel in MATHJAX_FILES:
        src, dst = package / "es5" / rel, target / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)
    return staging


def _configure(app, config):
    staging = stage_mathjax(Path(app.confdir), Path(app.outdir).parent / "offline_site_static")
    config.html_static_path.extend([str(staging), str(HERE / "static")])
    config.mathjax_path = MATHJAX_PATH


def _script_key(js):
    filename = os.fspath(getattr(js, "filename", js) or "")
    attributes = getattr(js, "attributes", {})
    return filename, getattr(js, "priority", 500), tuple(sorted(attributes.items()))


def _fix_page_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, unique = set(), []
    for js in scripts:
        key = _script_key(js)
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique  # the builder's own list: in place, so Sphinx renders this one
    mathjax = f"_static/{app.config.mathjax_path}"
    if any(_script_key(js)[0] == mathjax for js in scripts):
        # after MathJax's inline configuration (priority 500), before MathJax runs (it is deferred)
        app.builder.add_js_file("mathjax-site.js", priority=501)


def setup(app):
    app.connect("config-inited", _configure, priority=900)
    # after sphinx.ext.mathjax has added MathJax to the page (default priority 500)
    app.connect("html-page-context", _fix_page_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
