"""Unit tests of the book's Sphinx extension _ext/offline_site (the site works offline, loads cleanly, stays light).

The whole extension is exercised by the strict build and the browser tests (tests/browser); these tests pin
its pieces on small inputs: which KaTeX files are served, display math wrapped as for MathJax, the theme's asset macros without fontawesome.js
(against the installed pydata-sphinx-theme), palette PNGs, scripts emitted once.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))  # the extension is not a package of the book: load it as Sphinx does
import offline_site  # noqa: E402

from PIL import Image  # noqa: E402
from sphinx.builders.html._assets import _JavaScript  # noqa: E402
from sphinx.errors import ExtensionError  # noqa: E402


# -------------------------------------------------------------------------------------------------- KaTeX


def fake_book(tmp_path: Path, pinned: str, installed: str | None) -> Path:
    tmp_path.mkdir(parents=True)
    (tmp_path / "package-lock.json").write_text(json.dumps({"packages": {"node_modules/katex": {"version": pinned}}}))
    if installed is not None:
        dist = tmp_path / "node_modules" / "katex" / "dist"
        (dist / "fonts").mkdir(parents=True)
        (dist / "katex.min.css").write_text("/* katex */")
        (dist / "katex.min.js").write_text("// katex, run by node at build time: not served")
        for ext in ("woff2", "woff", "ttf"):
            (dist / f"fonts/KaTeX_Main-Regular.{ext}").write_bytes(b"font")
        (tmp_path / "node_modules/katex/package.json").write_text(json.dumps({"version": installed}))
    return tmp_path


def test_the_pinned_katex_stylesheet_and_woff2_fonts_are_staged_and_nothing_else(tmp_path):
    book = fake_book(tmp_path / "book", pinned="0.16.22", installed="0.16.22")
    staging = offline_site.stage_katex(book, tmp_path / "staging")
    served = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    assert served == ["katex/fonts/KaTeX_Main-Regular.woff2", "katex/katex.min.css"]
    assert offline_site.KATEX_CSS_PATH == "katex/katex.min.css"


@pytest.mark.parametrize("installed", [None, "0.16.21"])
def test_missing_or_stale_node_modules_stop_the_build_with_the_fix(tmp_path, installed):
    book = fake_book(tmp_path / "book", pinned="0.16.22", installed=installed)
    with pytest.raises(ExtensionError, match="npm ci"):
        offline_site.stage_katex(book, tmp_path / "staging")


def test_the_repository_pins_one_exact_katex():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    wanted = package["dependencies"]["katex"]
    assert wanted[0].isdigit() and wanted.count(".") == 2, f"pin an exact KaTeX version, not {wanted!r}"
    assert lock["packages"]["node_modules/katex"]["version"] == wanted


@pytest.mark.parametrize(
    "latex, expected",
    [
        (r"x^2", r"x^2"),
        (r"f &= a \\ &= b", r"\begin{split}f &= a \\ &= b\end{split}"),
        ("a = b\n\nc = d", r"\begin{aligned}a = b\\c = d\end{aligned}"),
        ("a &= b \\\\ &= c\n\nd = e",
         r"\begin{aligned}\begin{split}a &= b \\ &= c\end{split}\\d = e\end{aligned}"),
    ],
)
def test_display_math_is_wrapped_as_sphinx_wraps_it_for_mathjax(latex, expected):
    assert offline_site.display_tex(latex) == expected


# -------------------------------------------------------------------------------------------------- figures


def plot_like(size=(300, 200)) -> Image.Image:
    """A white image with a few coloured, anti-aliased lines: what matplotlib draws."""
    rng = np.random.default_rng(0)
    a = np.full((size[1], size[0], 3), 255, dtype=np.uint8)
    x = np.arange(size[0])
    for colour, phase in (((0, 114, 178), 0.0), ((213, 94, 0), 1.0)):
        y = (size[1] / 2 + 60 * np.sin(x / 30 + phase)).astype(int)
        for dy, weight in ((-1, 0.4), (0, 1.0), (1, 0.4)):
            rows = np.clip(y + dy, 0, size[1] - 1)
            a[rows, x] = (weight * np.array(colour) + (1 - weight) * a[rows, x]).astype(np.uint8)
    noise = rng.integers(0, 2, size=a.shape, dtype=np.uint8)  # a little, as anti-aliasing gives
    return Image.fromarray(np.where(a < 255, a - noise, a).astype(np.uint8)).convert("RGBA")


def test_an_opaque_plot_becomes_a_smaller_palette_png_that_looks_the_same(tmp_path):
    path = tmp_path / "plot.png"
    original = plot_like()
    original.save(path)
    before = path.stat().st_size
    assert offline_site.palette_png(path)
    assert path.stat().st_size < before
    with Image.open(path) as rewritten:
        assert rewritten.mode == "P" and rewritten.size == original.size
        difference = np.abs(np.asarray(rewritten.convert("RGB"), float) - np.asarray(original.convert("RGB"), float))
    assert difference.mean() < 1.0  # out of 255: invisible


def test_a_transparent_image_is_left_alone(tmp_path):
    path = tmp_path / "transparent.png"
    image = plot_like()
    image.putalpha(128)
    image.save(path)
    content = path.read_bytes()
    assert not offline_site.palette_png(path)
    assert path.read_bytes() == content


def test_smooth_shading_is_left_alone(tmp_path):
    """Thousands of colours in a smooth field would band with 256 colours: the guard keeps the original."""
    path = tmp_path / "shaded.png"
    y, x = np.mgrid[0:256, 0:256]
    field = np.stack([x, y, (x + y) // 2], axis=-1).astype(np.uint8)
    Image.fromarray(field).save(path)
    content = path.read_bytes()
    assert not offline_site.palette_png(path)
    assert path.read_bytes() == content


# -------------------------------------------------------------------------------------------------- scripts


class FakeBuilder:
    def __init__(self, scripts):
        self.scripts = scripts

    def add_js_file(self, filename, **attributes):
        self.scripts.append(_JavaScript(f"_static/{filename}", **attributes))


class FakeApp:
    def __init__(self, scripts):
        self.builder = FakeBuilder(scripts)
        self.config = type("Config", (), {})()


def test_an_inline_script_registered_twice_is_written_once():
    thebe = "const THEBE_JS_URL = 'x'"
    scripts = [
        _JavaScript("_static/doctools.js", priority=200),
        _JavaScript(None, priority=500, body=thebe),  # as sphinx-thebe's app.add_js_file leaves it
        _JavaScript("", priority=500, body=thebe),  # as Sphinx re-adds it from its registry
        _JavaScript("_static/sphinx_highlight.js", priority=500, defer="defer"),
    ]
    context = {"script_files": scripts}
    offline_site._fix_page_scripts(FakeApp(scripts), "page", "page.html", context, None)
    bodies = [js.attributes.get("body") for js in context["script_files"]]
    assert bodies.count(thebe) == 1
    names = [js.filename for js in context["script_files"]]
    assert names == ["_static/doctools.js", None, "_static/sphinx_highlight.js"]  # nothing added


def test_citations_are_list_items():
    body = '<div role="list" class="citation-list">\n<div class="citation" id="id5" role="doc-biblioentry">x</div></div>'
    context = {"body": body, "script_files": []}
    offline_site._fix_page_scripts(FakeApp([]), "page", "page.html", context, None)
    assert 'role="doc-biblioentry"' not in context["body"]
    assert context["body"].count('role="listitem"') == 1


# ------------------------------------------------------------------------ the theme's asset macros


def installed_theme_macros():
    from importlib import resources

    theme = resources.files("pydata_sphinx_theme") / "theme" / "pydata_sphinx_theme"
    return (theme / offline_site.THEME_MACROS).read_text(encoding="utf8")


def test_the_theme_macros_are_the_installed_themes_without_fontawesome():
    """Generated from the installed pydata-sphinx-theme at each build: its digests, minus one script (and its comment)."""
    theme = installed_theme_macros()
    ours = offline_site.macros_without_fontawesome(theme)
    removed = [line for line in theme.splitlines() if line not in ours.splitlines()]
    assert len(removed) in (1, 2) and "_static/scripts/fontawesome.js" in removed[-1], removed
    assert "fontawesome" not in ours
    assert [line for line in theme.splitlines() if line not in removed] == ours.splitlines()
    for macro in ("head_pre_assets", "head_js_preload", "body_post"):  # what the theme's layout.html imports
        assert f"{{% macro {macro}() %}}" in ours


def test_a_theme_that_loads_fontawesome_otherwise_stops_the_build():
    with pytest.raises(ExtensionError, match="fontawesome.js"):
        offline_site.macros_without_fontawesome("{% macro head_js_preload() %}\n{% endmacro %}\n")
    twice = '<script defer src="{{ pathto(\'_static/scripts/fontawesome.js\', 1) }}"></script>\n' * 2
    with pytest.raises(ExtensionError, match="2 lines mention it"):
        offline_site.macros_without_fontawesome(twice)


def test_the_generated_macros_are_written_where_the_layout_imports_them(tmp_path):
    folder = offline_site._write_theme_macros(tmp_path / "templates")
    written = (folder / offline_site.THEME_MACROS).read_text(encoding="utf8")
    assert written == offline_site.macros_without_fontawesome(installed_theme_macros())
    assert "_static/scripts/bootstrap.js" in written and "fontawesome" not in written


def test_a_wrapping_formula_never_breaks_inside_round_brackets():
    """KaTeX may break a wide formula after a top-level "-"; inside (1 - y) that split the log-loss at 375 px."""
    from offline_site import keep_parentheses_whole

    assert keep_parentheses_whole(r"-y \log h - (1 - y)\log(1 - h)") == (
        r"-y \log h - (1 -\nobreak  y)\log(1 -\nobreak  h)")
    assert keep_parentheses_whole(r"\sigma(z)(1-\sigma(z)) \le \tfrac14") == r"\sigma(z)(1-\nobreak \sigma(z)) \le \tfrac14"
    assert keep_parentheses_whole(r"\left(a = b\right)") == r"\left(a =\nobreak  b\right)"
    # outside brackets, inside braces (already a group), square brackets and \{ \} are left as they were
    # \Bigl( may break inside (the chapters' Breakable brackets print it), a plain one nested in it may not
    assert keep_parentheses_whole(r"-\Bigl(y(1 - h) - a\Bigr)x") == r"-\Bigl(y(1 -\nobreak  h) - a\Bigr)x"
    assert keep_parentheses_whole(r"\log\bigl(1 - h\bigr)") == r"\log\bigl(1 -\nobreak  h\bigr)"
    # a long bracket may break at its own operators (a short one inside it stays whole)
    long = r"x^2(1 - t^2)\,\left(-3t^2 + 2(1 + y)\,t - y - \frac{1}{2}\right)"
    assert keep_parentheses_whole(long) == (
        r"x^2(1 -\nobreak  t^2)\,\left(-3t^2 + 2(1 +\nobreak  y)\,t - y - \frac{1}{2}\right)")
    for tex in (r"a - b = c", r"e^{-(z+1)} + 1", r"\bigl[y + (1)\bigr] - 2", r"\{a - b\}", r"x \leq y"):
        assert keep_parentheses_whole(tex) == tex


def _plot(panels: int, colorbar: bool = False) -> Image.Image:
    """A figure drawn with the book's matplotlibrc: `panels` axes side by side, each with a curve and a grid."""
    import matplotlib

    matplotlib.use("Agg")
    import io

    import matplotlib.pyplot as plt

    with matplotlib.rc_context(fname=str(ROOT / "book" / "matplotlibrc")):
        fig, axes = plt.subplots(1, panels, figsize=(4.5 * panels, 3.5))
        for ax in np.atleast_1d(axes):
            ax.plot(np.linspace(-8, 8, 50), np.linspace(-8, 8, 50) ** 2)
            ax.set_ylabel("$J(w)$")
            ax.set_title("a panel title")
            if colorbar:
                fig.colorbar(ax.imshow(np.eye(3), extent=(-8, 8, 0, 60), aspect="auto"), ax=ax)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        plt.close(fig)
    return Image.open(buffer)


def test_two_panels_side_by_side_are_found_and_one_panel_is_not_split():
    two = _plot(2)
    (a0, a1), (b0, b1) = offline_site.figure_panels(two)
    assert a0 == 0 and b1 == two.width and b0 - a1 >= 3
    ink = np.asarray(two.convert("RGB")).min(axis=2) < offline_site.PAPER
    assert not ink[:, a1:b0].any()                    # the cut runs through paper only
    assert ink[:, a1 - 3:a1].any() and ink[:, b0:b0 + 3].any()   # and each side keeps its ink to the edge
    assert offline_site.figure_panels(_plot(1)) == []
    assert offline_site.figure_panels(_plot(1, colorbar=True)) == []   # a colour bar is not a panel


def test_a_figure_of_two_panels_carries_its_panels_for_a_phone():
    body = '<figure><img alt="two plots" src="../_images/f.png"><figcaption>x</figcaption></figure>'
    out = offline_site.legible_figures(body, {"f.png": (880, 360, [(0, 430), (440, 880)])}, 14.67)
    assert 'style="min-width: 540px"' in out and 'alt="two plots"' in out
    assert out.count('class="figure-panel"') == 2 and 'aria-hidden="true"' in out
    assert out.index(">Left<") < out.index(">Right<")   # named as the caption names them
    assert "background-size: 204.6512% auto; background-position: 0.0000% 0; aspect-ratio: 430 / 360" in out
    assert "background-size: 200.0000% auto; background-position: 100.0000% 0; aspect-ratio: 440 / 360" in out
    one = offline_site.legible_figures(body, {"f.png": (625, 395, [])}, 14.67)
    assert "figure-panel" not in one and 'style="min-width: 384px"' in one


@pytest.mark.parametrize("text, shown", [
    ("-0.41", "\u22120.41"), ("w < -0.41", "w < \u22120.41"), ("(-3, 2)", "(\u22123, 2)"), ("-.5", "\u2212.5"),
    ("1e-05", "1e-05"), ("a-1", "a-1"), ("3-2", "3-2"), ("0.41", "0.41"), ("- 1", "- 1"),
])
def test_a_glued_numbers_sign_is_a_minus_not_a_hyphen(text, shown):
    assert offline_site.typeset_minus(text) == shown
