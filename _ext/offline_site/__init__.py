"""Sphinx extension: the book's website works offline and its pages load without console errors.

Loaded by ``_config.yml`` (``sphinx: local_extensions: {offline_site: _ext}``). It does six things.

1. Math is typeset while the book is built, by KaTeX (``sphinxcontrib-katex`` with ``katex_prerender``):
   a page carries each formula as finished HTML (for the eye) and MathML (for screen readers), so it needs
   no script to show its math, and shows it with JavaScript off and in print. KaTeX runs in node from the
   npm package pinned in ``package.json`` / ``package-lock.json`` (``npm ci`` installs it into
   ``node_modules/``; ``make book`` runs it); the same package's stylesheet and its WOFF2 fonts are served
   by the site (``stage_katex``, about 0.3 MB on disk), so nothing comes from a CDN.
   Two things sphinxcontrib-katex does not do are done here (``katex_visit_displaymath``):
   a display formula of several rows (``a &= b \\\\ &= c`` with no environment, as ``{glue:math}`` pastes a
   derivation) is wrapped in ``split``, as Sphinx does for MathJax (``display_tex``); and a formula KaTeX
   cannot typeset exactly is a build warning naming the page and the TeX (so ``-W`` stops the build),
   instead of red TeX or a character in a fallback font on the page. Unicode in ``\\text{}`` is written as
   LaTeX first, as for the reader notebooks (``helpers.derivation.unicode_as_latex``).
   A derivation (``helpers.derivation.Derivation``, rows ``lhs &= line \\qquad \\text{rule}``) is typeset row by
   row (``derivation_html``): the left-hand side, each line and each rule apart, so that the page (``_static/site.css``)
   sets a rule beside its line where both fit and under it where they do not, instead of one wide formula whose
   rules scroll out of view. ``Derivation.check`` asserts that these rows are the lines it checked.

2. Pages do not load the theme's 1.5 MB ``fontawesome.js``. That script only swaps the theme's
   ``<i class="fa-...">`` icons for inline SVG and lets sites add custom icons; the theme's stylesheet
   already draws the same icons with the Font Awesome web font, and without it every chapter page stays
   within its weight budget (tests/browser/test_site.py). The theme loads it from its template
   ``static/webpack-macros.html``; at each build that file is read from the *installed*
   pydata-sphinx-theme, the one line that loads ``fontawesome.js`` is left out, and the result is put in
   a templates folder that takes precedence over the theme's (``macros_without_fontawesome``). So the
   asset digests always match the installed theme, and an upgrade that changes how the script is
   loaded stops the build with a message instead of silently loading it again.

3. Figures are stored as 256-colour PNGs when that loses nothing visible. Matplotlib writes 32-bit PNGs;
   a plot has a few hundred colours, so an exact-looking palette copy is about three times smaller, which
   keeps chapter pages light for slow classroom networks. A figure is left alone if it has transparency,
   or if the palette copy is not close to it (PSNR under ``MIN_PSNR_DB``, or more than
   ``MAX_CHANGED_FRACTION`` of its pixels visibly changed: smooth shading would be).

4. Inline scripts are written once per page. Sphinx 7.4 records an inline script added after the builder
   starts (sphinx-thebe's and sphinx-togglebutton's configuration) once with the file name ``None``
   and once with ``''``, so its de-duplication misses it and the page declares
   ``const THEBE_JS_URL`` twice (``SyntaxError: Identifier 'THEBE_JS_URL' has already been declared``).
   Scripts that are identical apart from that are emitted once.

5. Citations are list items. Docutils writes the bibliography as ``<div role="list">`` holding
   ``<div role="doc-biblioentry">`` entries; that role is deprecated (ARIA 1.3), so assistive technology
   sees a list without items (axe-core: aria-required-children, critical). Each entry gets
   ``role="listitem"``.

6. Figures keep legible text on a phone. Each figure (a PNG in ``_images/``) gets a ``min-width`` at which text
   drawn at book/matplotlibrc's font size is at least ``MIN_FIGURE_TEXT_PX`` CSS pixels (``legible_figures``);
   where the column is narrower the figure scrolls in its own box (``_static/site.css``) instead of shrinking.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from importlib import resources
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

__all__ = [
    "KATEX_CSS_PATH",
    "MAX_CHANGED_FRACTION",
    "MIN_PSNR_DB",
    "THEME_MACROS",
    "legible_figures",
    "figure_panels",
    "macros_without_fontawesome",
    "min_figure_width",
    "derivation_html",
    "display_tex",
    "installed_katex",
    "palette_png",
    "stage_katex",
    "setup",
]

#: the files of node_modules/katex/dist that the site serves (in _static/katex/): the stylesheet and the
#: fonts it names first (browsers that read the stylesheet all read WOFF2, so never ask for .woff or .ttf)
KATEX_CSS = "katex.min.css"
KATEX_FONTS = "fonts/*.woff2"
#: where pages load KaTeX's stylesheet from, relative to the site's _static/
KATEX_CSS_PATH = "katex/" + KATEX_CSS


def _pinned_version(root: Path, package: str) -> str:
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf8"))
    return lock["packages"][f"node_modules/{package}"]["version"]


def installed_katex(root: Path) -> Path:
    """The folder of the pinned KaTeX in ``node_modules``; ExtensionError when ``npm ci`` has not installed it."""
    package = root / "node_modules" / "katex"
    wanted = _pinned_version(root, "katex")
    try:
        installed = json.loads((package / "package.json").read_text(encoding="utf8"))["version"]
    except FileNotFoundError:
        installed = None
    if installed != wanted:
        found = f"found {installed}" if installed else "it is not installed"
        raise ExtensionError(
            f"offline_site: the book is typeset with KaTeX {wanted} from node_modules/ but {found}: "
            "run `npm ci` in the book's root (`make book` does)"
        )
    return package


def stage_katex(root: Path, staging: Path) -> Path:
    """Copy KaTeX's stylesheet and WOFF2 fonts into ``staging/katex`` and return ``staging``."""
    dist = installed_katex(root) / "dist"
    target = staging / "katex"
    if target.exists():
        shutil.rmtree(target)
    (target / "fonts").mkdir(parents=True)
    shutil.copy2(dist / KATEX_CSS, target / KATEX_CSS)
    for font in sorted(dist.glob(KATEX_FONTS)):
        shutil.copy2(font, target / "fonts" / font.name)
    return staging


def display_tex(latex: str) -> str:
    """The TeX of a display formula as Sphinx hands it to MathJax: rows (``\\\\``) in ``split``, paragraphs aligned.

    Sphinx's MathJax renderer does this for every display formula that is not ``nowrap`` (MyST's amsmath
    environments are); sphinxcontrib-katex does not, and KaTeX rejects ``&`` outside an environment.
    """
    parts = [part for part in latex.split("\n\n") if part.strip()]
    rows = [rf"\begin{{split}}{part}\end{{split}}" if "\\\\" in part else part for part in parts]
    if len(rows) > 1:
        return r"\begin{aligned}" + r"\\".join(rows) + r"\end{aligned}"
    return rows[0] if rows else latex


#: KaTeX options at build time: TeX that KaTeX cannot typeset exactly (an unknown command, a character its fonts
#: lack) is an error, reported as a build warning by ``_render``
KATEX_OPTIONS = {"throwOnError": True, "strict": "error"}


def _start_katex_server_process(cls, rundir, timeout):
    """sphinxcontrib-katex's ``KaTeXServer.start_server_process``, without its race: it connects as soon as the
    server's socket file exists, but node creates the file when it binds, a moment before it listens, and on a busy
    machine a connection in that moment is refused (``ConnectionRefusedError``: a failed build, seen in CI). Here a
    refused connection is tried again until the same start-up timeout."""
    import socket
    import time
    from subprocess import PIPE, Popen

    socket_path = rundir / "katex.sock"
    process = Popen(cls.build_command(socket=socket_path), stdin=PIPE, stdout=PIPE, cwd=rundir)
    start = time.monotonic()
    while True:
        if socket_path.is_socket():
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(str(socket_path))
                return process, sock
            except ConnectionRefusedError:  # bound, not yet listening: the server is still starting
                sock.close()
        if time.monotonic() - start > timeout:
            process.kill()
            raise cls.timeout_error(timeout)
        time.sleep(0.005)


#: a binary operator or relation after which KaTeX may break a line (at the formula's top level)
BREAKS_AFTER = re.compile(r"(?:[+\-=<>]|\\(?:cdot|times|pm|mp|le|ge|leq|geq|ne|neq|approx|to)(?![A-Za-z]))")


#: a round bracket whose TeX is at most this long stays whole on a narrow column, like (1 - y) or \\log(1 - h); a
#: longer one may break inside at its own operators, so that a long factor never pushes a line out of its box
SHORT_BRACKET = 32


def keep_parentheses_whole(latex: str) -> str:
    """The TeX with ``\\nobreak`` after every operator inside a short round bracket at the top level, so that a
    formula that wraps on a narrow column never breaks inside ``(1 - y)`` or ``\\log(1 - h)``: KaTeX breaks after a
    top-level ``+``, ``-`` or relation, and plain brackets do not group (``\\left( ... \\right)`` and ``{...}``
    already do). A bracket longer than ``SHORT_BRACKET`` characters of TeX may break inside, and so may
    ``\\Bigl( ... \\Bigr)``, the book's way of saying so (the chapters' ``Breakable`` brackets print it);
    square brackets and braces are left as they are."""
    close, opened, braces = {}, [], 0
    for k, ch in enumerate(latex):                     # match the top-level round brackets first
        if ch in "()" and k and latex[k - 1] == "\\":
            continue
        braces += (ch == "{") - (ch == "}")
        if braces == 0 and ch == "(":
            opened.append(k)
        elif braces == 0 and ch == ")" and opened:
            close[opened.pop()] = k
    out, braces, stack, k = [], 0, [], 0
    while k < len(latex):
        ch = latex[k]
        if ch == "\\" and k + 1 < len(latex) and latex[k + 1] in "{}()":  # \{ \} \( \): not a group, not a bracket
            out.append(latex[k:k + 2])
            k += 2
            continue
        braces += (ch == "{") - (ch == "}")
        if braces == 0 and ch == "(":
            short = close.get(k, len(latex)) - k <= SHORT_BRACKET
            stack.append(short and not latex[:k].endswith("\\Bigl"))   # whole (True), or free to break (False)
        elif braces == 0 and ch == ")" and stack:
            stack.pop()
        match = BREAKS_AFTER.match(latex, k) if braces == 0 and stack and stack[-1] else None
        if match:
            out.append(match.group() + r"\nobreak ")
            k = match.end()
            continue
        out.append(ch)
        k += 1
    return "".join(out)


def _render(self, node, latex: str, display: bool, whole_brackets: bool = False) -> str:
    """KaTeX's HTML for ``latex``; a display formula or derivation line (``whole_brackets``) never breaks inside ( )
    (inline maths may: it wraps with its sentence, and a bracket held whole could stick out of a phone's column)."""
    from sphinxcontrib import katex as sphinx_katex

    from helpers.derivation import unicode_as_latex

    latex = unicode_as_latex(latex)
    if whole_brackets:
        latex = keep_parentheses_whole(latex)
    try:
        return sphinx_katex.render_latex(latex, {"displayMode": display, **KATEX_OPTIONS})
    except sphinx_katex.KaTeXError as error:
        logger.warning(f"offline_site: KaTeX cannot typeset {latex!r}: {error}", location=node)
        return sphinx_katex.render_latex(latex, {"displayMode": display})  # shown in red, as KaTeX marks errors


def katex_visit_math(self, node):
    from docutils import nodes

    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(_render(self, node, node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


#: what each line of a derivation starts with: "=", with no line break right after it
LEADING_EQUALS = r"{}= \nobreak "


def derivation_html(self, node, rows) -> str:
    """A derivation (``helpers.derivation.derivation_rows``) as rows that the page lays out for its width.

    Each row is the left-hand side (first row only), the line ``= ...`` and its rule, each typeset apart:
    the line by KaTeX (display style, inline, so it may break after a top-level ``+`` or a relation like text, but
    not right after its leading ``=``),
    the rule as words that wrap, with its ``$...$`` pieces typeset. ``_static/site.css`` sets the rule beside its
    line when both fit and under it when they do not; on a narrow column the left-hand side gets a row of its
    own. A screen reader reads each piece once, in order (the MathML of each formula, then the rule's words).
    """
    from html import escape

    from helpers.derivation import rule_pieces

    def math(tex):
        return _render(self, node, r"\displaystyle " + tex, display=False, whole_brackets=True)

    out = ['<div class="derivation-rows">']
    for row in rows:
        rule = []  # the words as written (their spaces included), the math typeset
        for kind, piece in rule_pieces(row.rule):
            rule.append(escape(piece) if kind == "text" else _render(self, node, piece, display=False))
        lhs = f'<span class="derivation-lhs">{math(row.lhs)}</span>' if row.lhs else '<span class="derivation-lhs"></span>'
        out.append(
            f'<div class="derivation-row">{lhs}<span class="derivation-step">'
            f'<span class="derivation-line">{math(LEADING_EQUALS + row.line)}</span>'
            f'<span class="derivation-rule">{"".join(rule).strip()}</span></span></div>'
        )
    out.append("</div>")
    return "".join(out)


def katex_visit_displaymath(self, node):
    from docutils import nodes
    from sphinx.locale import _
    from sphinxcontrib import katex as sphinx_katex

    from helpers.derivation import derivation_rows

    rows = None if node["nowrap"] else derivation_rows(node.astext())
    self.body.append(self.starttag(node, "div", CLASS="math derivation" if rows else "math"))
    if node["number"]:
        number = sphinx_katex.get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    if rows:
        self.body.append(derivation_html(self, node, rows))
    else:
        latex = node.astext() if node["nowrap"] else display_tex(node.astext())
        self.body.append(_render(self, node, latex, display=True, whole_brackets=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


#: the theme's template of asset macros, as its layout.html imports it
THEME_MACROS = "static/webpack-macros.html"
_FONTAWESOME = "_static/scripts/fontawesome.js"


def macros_without_fontawesome(source: str) -> str:
    """The theme's ``webpack-macros.html`` without the line that loads ``fontawesome.js`` (and its comment).

    Raises ExtensionError unless exactly one line loads it, as in pydata-sphinx-theme 0.17.1: a theme whose
    file differs must be looked at, not patched blindly.
    """
    lines = source.splitlines(keepends=True)
    loads = [k for k, line in enumerate(lines) if _FONTAWESOME in line]
    if len(loads) != 1 or not lines[loads[0]].lstrip().startswith("<script"):
        raise ExtensionError(
            f"offline_site: the installed pydata-sphinx-theme's {THEME_MACROS} does not load {_FONTAWESOME} "
            f"in one <script> line ({len(loads)} lines mention it); look at the file and adapt "
            "macros_without_fontawesome in _ext/offline_site"
        )
    drop = {loads[0]}
    before = loads[0] - 1
    if before >= 0 and lines[before].strip().startswith("<!--") and "icons" in lines[before]:
        drop.add(before)  # its comment, "So that users can add custom icons"
    return "".join(line for k, line in enumerate(lines) if k not in drop)


def _write_theme_macros(folder: Path) -> Path:
    theme = resources.files("pydata_sphinx_theme") / "theme" / "pydata_sphinx_theme"
    target = folder / THEME_MACROS
    target.parent.mkdir(parents=True, exist_ok=True)
    text = macros_without_fontawesome((theme / THEME_MACROS).read_text(encoding="utf8"))
    # written only when it changes: a newer template makes Sphinx rewrite every page (an incremental build would not)
    if not target.exists() or target.read_text(encoding="utf8") != text:
        target.write_text(text, encoding="utf8")
    return folder


def _configure(app, config):
    from sphinxcontrib import katex as sphinx_katex

    sphinx_katex.KaTeXServer.start_server_process = classmethod(_start_katex_server_process)
    root = Path(app.confdir)
    staging = stage_katex(root, Path(app.outdir).parent / "offline_site_static")
    config.html_static_path.append(str(staging))
    config.katex_css_path = KATEX_CSS_PATH
    # KaTeX typesets in node with the pinned package's own script (the same version as the stylesheet)
    config.katex_js_path = str(installed_katex(root) / "dist" / "katex.min.js")
    templates = _write_theme_macros(Path(app.outdir).parent / "offline_site_templates")
    config.templates_path.insert(0, str(templates))


#: a palette copy of a figure replaces it only if it is at least this close to it (peak signal-to-noise ratio)
MIN_PSNR_DB = 40.0
#: ... and if at most this fraction of its pixels change by more than 16/255 in some channel
MAX_CHANGED_FRACTION = 0.005


def palette_png(path: Path) -> bool:
    """Rewrite the PNG at ``path`` with a 256-colour palette if that is smaller and visually the same.

    Returns True if the file was rewritten. Transparent images, and images whose palette copy has a
    peak signal-to-noise ratio below ``MIN_PSNR_DB`` (smooth gradients), are left as they are.
    """
    import io

    import numpy as np
    from PIL import Image

    with Image.open(path) as image:
        image.load()
    if image.mode not in ("RGB", "RGBA"):
        return False
    if image.mode == "RGBA":
        if image.getextrema()[3][0] < 255:  # some transparency: keep it
            return False
        image = image.convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    error = np.asarray(image, dtype=float) - np.asarray(palette.convert("RGB"), dtype=float)
    mse = float(np.mean(error**2))
    if mse > 0 and 10 * np.log10(255.0**2 / mse) < MIN_PSNR_DB:
        return False
    # and no region visibly changed: few pixels off by more than 16/255 in a channel (anti-aliased edges)
    if np.mean(np.abs(error).max(axis=2) > 16) > MAX_CHANGED_FRACTION:
        return False
    buffer = io.BytesIO()
    palette.save(buffer, "PNG", optimize=True)
    if buffer.tell() >= path.stat().st_size:
        return False
    path.write_bytes(buffer.getvalue())
    return True


def _lighten_figures(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    images = sorted((Path(app.outdir) / "_images").glob("*.png"))
    before = sum(p.stat().st_size for p in images)
    changed = sum(palette_png(p) for p in images)
    after = sum(p.stat().st_size for p in images)
    logger.info(
        f"offline_site: {changed} of {len(images)} figures stored as palette PNGs "
        f"({before / 1024:.0f} KB -> {after / 1024:.0f} KB)"
    )


def _script_key(js):
    filename = os.fspath(getattr(js, "filename", js) or "")
    attributes = getattr(js, "attributes", {})
    return filename, getattr(js, "priority", 500), tuple(sorted(attributes.items()))


#: the smallest text a figure may show, in CSS px (at 375 px wide, a phone); figures are drawn with the text of
#: book/matplotlibrc (font.size), so a figure is never shown narrower than this makes its text
MIN_FIGURE_TEXT_PX = 9.0


def figure_text_px(root: Path) -> float:
    """The size of figure text in pixels of the PNG: book/matplotlibrc's ``font.size`` (points) at its ``savefig.dpi``."""
    settings = {}
    for line in (root / "book" / "matplotlibrc").read_text(encoding="utf8").splitlines():
        key, _, value = line.split("#")[0].partition(":")
        if value.strip():
            settings[key.strip()] = value.strip()
    return float(settings.get("font.size", 10)) * float(settings.get("savefig.dpi", settings.get("figure.dpi", 100))) / 72


def min_figure_width(natural_width: int, text_px: float) -> int:
    """The narrowest a figure ``natural_width`` px wide may be shown, its text (``text_px`` in the PNG) still legible."""
    return min(natural_width, int(-(-natural_width * MIN_FIGURE_TEXT_PX // text_px)))


_IMG = re.compile(r'<img\b[^>]*?\bsrc="(?P<src>[^"]*?_images/(?P<name>[^"/]+\.png))"[^>]*>')


#: a column of a figure is paper (no ink) when every pixel's darkest channel is at least this (the grid, at
#: book/matplotlibrc's alpha .35, is darker, so the inside of a panel is never paper)
PAPER = 245


def figure_panels(image) -> list[tuple[int, int]]:
    """The two side-by-side panels of a figure (a PIL image) as column ranges [(0, a), (b, width)], or [] for one.

    Two panels are split at the first gap of paper at least 3 px wide in the middle half of the figure (columns with
    no ink from top to bottom): matplotlib's panels have a grid, so a panel has no such gap inside it, and the first
    gap after the left panel lies before the right panel's axis label. Each side must be at least a third of the
    figure: a colour bar or a legend beside one panel is not a panel."""
    import numpy as np

    ink = np.asarray(image.convert("RGB")).min(axis=2) < PAPER
    paper = ~ink.any(axis=0)
    width = len(paper)
    start = None
    for x in range(width // 4, 3 * width // 4 + 1):
        if paper[x] and start is None:
            start = x
        elif not paper[x] and start is not None:
            if x - start >= 3 and start >= width / 3 and width - x >= width / 3:
                return [(0, start), (x, width)]
            start = None
    return []


def legible_figures(body: str, sizes: dict[str, tuple], text_px: float) -> str:
    """Each figure (a PNG in ``_images/``) with ``min-width`` so that its text is never smaller than ``MIN_FIGURE_TEXT_PX``.

    ``sizes`` maps an image's file name to (width, height, panels) in pixels (``figure_panels``). On a phone a
    figure is wider than the column: one of two panels side by side is followed by its panels, one under the
    other (``<span class="figure-panels">``, hidden unless ``_static/scroll-cue.js`` marks the figure "stacked"
    because its column is narrower than its ``min-width``), each cut from the same PNG and as legible as the whole;
    the image stays for screen readers (its alt text describes both panels). Any other figure scrolls in its own
    box (``_static/site.css``), instead of shrinking until its axis labels cannot be read."""
    def widen(m):
        info = sizes.get(m["name"])
        if not info or "style=" in m.group(0):
            return m.group(0)
        width, height, panels = info
        tag = m.group(0)[:-1].rstrip("/").rstrip() + f' style="min-width: {min_figure_width(width, text_px)}px">'
        if not panels:
            return tag
        spans = []
        for (x0, x1), side in zip(panels, ("Left", "Right")):
            w = x1 - x0
            spans.append(f'<span class="figure-panel-label">{side}</span>')   # the caption says "Left:", "Right:"
            spans.append(
                f'<span class="figure-panel" style="background-image: url(&quot;{m["src"]}&quot;); '
                f"background-size: {100 * width / w:.4f}% auto; background-position: {100 * x0 / (width - w):.4f}% 0; "
                f'aspect-ratio: {w} / {height}; max-width: {w}px"></span>')
        return tag + '<span class="figure-panels" aria-hidden="true">' + "".join(spans) + "</span>"
    return _IMG.sub(widen, body)


def _image_widths(app) -> dict[str, tuple]:
    """(width, height, panels) of each PNG figure of the site, by file name (measured once per build)."""
    from PIL import Image

    widths = getattr(app.builder, "_figure_widths", None)
    if widths is None:
        widths = app.builder._figure_widths = {}
    for source, name in getattr(app.builder, "images", {}).items():
        if name in widths or not name.endswith(".png"):
            continue
        path = Path(app.srcdir) / source
        try:
            with Image.open(path) as image:
                widths[name] = (image.width, image.height, figure_panels(image))
        except OSError:
            continue
    return widths


def _fix_page_scripts(app, pagename, templatename, context, doctree):
    if isinstance(context.get("body"), str):
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
        if "_images/" in context["body"]:
            context["body"] = legible_figures(context["body"], _image_widths(app), figure_text_px(Path(app.confdir)))
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
    if not getattr(app.config, "nb_ipywidgets_js", True):
        # no widget manager on the site, so nothing reads ipywidgets' saved state: leave it out of the page
        scripts[:] = [
            js for js in scripts
            if getattr(js, "attributes", {}).get("type") != "application/vnd.jupyter.widget-state+json"
        ]


def typeset_minus(text: str) -> str:
    """A glued number's sign as the minus sign (U+2212) that the formulas beside it show, not a hyphen:
    "w < -0.41" reads "w < −0.41". Only a hyphen before a digit or a decimal point, not after a letter or digit
    (so "1e-05" and "log1p-table" keep theirs)."""
    return re.sub(r"(?<![\w.])-(?=\.?\d)", "\u2212", text)


def _minus_in_glued_numbers(app, doctree, docname):
    from docutils import nodes
    for node in list(doctree.findall(nodes.inline)):
        if "pasted-text" in node.get("classes", []):
            for text in list(node.findall(nodes.Text)):
                new = typeset_minus(str(text))
                if new != str(text):
                    text.parent.replace(text, nodes.Text(new))


def setup(app):
    app.setup_extension("sphinxcontrib.katex")
    app.connect("doctree-resolved", _minus_in_glued_numbers)
    # sphinxcontrib-katex's renderer, with display_tex and a warning for TeX that KaTeX rejects
    app.add_html_math_renderer(
        "katex_book",
        inline_renderers=(katex_visit_math, None),
        block_renderers=(katex_visit_displaymath, None),
    )
    app.connect("config-inited", _configure, priority=900)
    # after the other extensions have added their scripts to the page (default priority 500)
    app.connect("html-page-context", _fix_page_scripts, priority=900)
    app.connect("build-finished", _lighten_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
