"""What a reader sees, measured in Chromium on every page of the site at 1280, 768 and 375 px.

A green build and valid HTML say nothing about what is in view. On every page of _toc.yml, at each width, this
test fails on:

- content scrolled or clipped out of view: the page scrolling sideways; anything cut off by a box that clips;
  a box that scrolls sideways with something out of sight (code may scroll, it is code; what it prints may not). A
  display formula never scrolls at 768 px and wider; at 375 px only a formula with a piece that cannot break (wider
  than the column by itself) may, and then with a visible cue (a shadow at the edge that hides more); a figure (to
  keep its text legible) or a table a code cell printed may scroll there, with the same cue. Equation numbers never sit on the formula; every rule of a
  derivation is in view;
- raw MyST in the text (a fence, a directive option, a role or glue that was not rendered, a label target), an
  error or "problematic" node, an empty admonition box or code block;
- information that only a hover shows: an element whose ``title`` says what its text and accessible name do not
  (a link's title is exempt: the place it leads to says it);
  a ✓ ({checked}) that is not a button announcing whether its note is open, or whose note does not open and close
  on a click and on Enter / Space;
- figure text too small: a figure (a PNG) shown so narrow that text drawn at book/matplotlibrc's font size is
  under ``MIN_FIGURE_TEXT_PX`` CSS pixels (rendered width / natural width x the text's size in the PNG).

One browser for the session and one page object per width (``reader_views`` in conftest.py).
"""

from __future__ import annotations

import sys

import pytest

from conftest import PAGES, ROOT
from test_site import SIDEWAYS

sys.path.insert(0, str(ROOT / "_ext"))
from offline_site import MIN_FIGURE_TEXT_PX, figure_text_px  # noqa: E402 - the build's own rule for figures

WIDTHS = (1280, 768, 375)
#: at this width and wider, no display formula may scroll
NO_FORMULA_SCROLLS = 768

READER_VIEW = r"""({width, noFormulaScrolls, figureTextPx, minTextPx}) => {
    const problems = [];
    const article = document.querySelector('article.bd-article') || document.querySelector('article') || document.body;
    const say = el => (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 70);
    const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const equation = el => {
        const math = el.closest('div.math');
        const number = math && math.querySelector('.eqno');
        return number ? `eq. ${number.textContent.replace(/[^\d().]/g, '')} ` : '';
    };
    const cue = el => {
        const s = getComputedStyle(el);
        return el.classList.contains('scrolls') && (/inset/.test(s.boxShadow) || /gradient/.test(s.backgroundImage + s.maskImage));
    };
    const hiddenForAll = el => !!el.closest('.katex-mathml, .visually-hidden, .sr-only, script, style, noscript, template');

    // --- boxes that scroll sideways with content out of view
    for (const box of article.querySelectorAll('*')) {
        if (hiddenForAll(box) || !shown(box)) continue;
        const ox = getComputedStyle(box).overflowX;
        if (!['auto', 'scroll'].includes(ox) || box.scrollWidth <= box.clientWidth + 1) continue;
        const math = box.closest('.katex, .katex-display, .derivation-line') || box.querySelector('.katex');
        const inCode = box.closest('div.cell_input, div.highlight, pre') && !box.closest('div.cell_output');
        if (inCode) continue;  // code scrolls, as code does everywhere
        const what = `(${box.scrollWidth} px in ${box.clientWidth} px)`;
        if (math && !box.querySelector('img')) {
            const html = box.matches('.katex-html') ? box : box.querySelector('.katex-html');
            const bases = html ? [...html.querySelectorAll(':scope > .base')] : [];
            const widest = Math.max(0, ...bases.map(b => b.getBoundingClientRect().width));
            if (width >= noFormulaScrolls) {
                problems.push(`display formula wider than its box, part of it scrolled out of view ${what}: ${equation(box)}${say(box)}`);
            } else if (widest <= box.clientWidth + 1) {
                problems.push(`display formula scrolls although it could break to fit ${what}: ${equation(box)}${say(box)}`);
            } else if (!cue(box)) {
                problems.push(`display formula scrolls with no visible cue ${what}: ${equation(box)}${say(box)}`);
            }
        } else if (box.querySelector('img, table') && !box.querySelector('.katex') && box.closest('div.cell_output, figure')) {
            const name = box.querySelector('img') ? `figure ${box.querySelector('img').getAttribute('src')}` : `table "${say(box)}"`;
            if (width >= noFormulaScrolls) problems.push(`${name} scrolled partly out of view ${what}`);
            else if (!cue(box)) problems.push(`${name} scrolls with no visible cue ${what}`);
        } else if (!box.closest('.lgx, .interactive-figure')) {
            problems.push(`${box.tagName.toLowerCase()}.${[...box.classList].join('.')} scrolls sideways, content out of view ${what}: ${say(box)}`);
        }
    }

    // --- equation numbers on the formula; rules of derivations in view
    for (const math of article.querySelectorAll('div.math')) {
        const number = math.querySelector(':scope > .eqno');
        if (!number || !shown(number)) continue;
        const n = number.getBoundingClientRect();
        const pieces = [...math.querySelectorAll('.katex-html > .base, .derivation-rule, .derivation-lhs .katex')];
        const clip = math.querySelector('.katex-display, .derivation-rows');
        const right = clip ? clip.getBoundingClientRect().right : Infinity;
        const onIt = pieces.some(p => [...p.getClientRects()].some(r =>
            Math.min(r.right, right) > n.left + 1 && r.left < n.right && r.bottom > n.top + 2 && r.top < n.bottom - 2));
        if (onIt) problems.push(`equation number on the formula: ${equation(number)}`);
    }
    for (const rule of article.querySelectorAll('.derivation-rule')) {
        const math = rule.closest('div.math').getBoundingClientRect();
        for (const r of rule.getClientRects()) {
            if (r.right > Math.min(math.right, window.innerWidth) + 1 || r.left < Math.max(math.left, 0) - 1) {
                problems.push(`a derivation's rule is out of view: ${equation(rule)}${say(rule)}`);
                break;
            }
        }
    }

    // --- raw MyST, errors, empty boxes
    const clone = article.cloneNode(true);
    clone.querySelectorAll('pre, code, script, style, textarea, .highlight, .katex, .katex-mathml, .lgx script').forEach(e => e.remove());
    const text = clone.textContent;
    const RAW = [
        [/(`{3,}|:{3,})\s*\{[\w:-]+\}/g, 'a MyST fence'],
        [/(^|\n)\s*:(class|label|name|caption|alt|width|align|figwidth|nowrap|numbered|open|tags|keyprefix|filter|style|title):\s/g, 'a directive option'],
        [/\{[a-z][\w.-]*(:[\w-]+)*\}`/g, 'a role not rendered'],
        [/\{(glue|checked|eq|doc|ref|numref|cite|math|term)[:}]/g, 'role or glue text'],
        [/(^|\n)\s*\([\w-]+\)=\s*(\n|$)/g, 'a label target'],
    ];
    for (const [pattern, what] of RAW) {
        let m, n = 0;
        while ((m = pattern.exec(text)) !== null && n++ < 3) {
            problems.push(`raw MyST (${what}): ...${text.slice(Math.max(0, m.index - 30), m.index + 50).replace(/\s+/g, ' ')}...`);
        }
    }
    for (const el of article.querySelectorAll('.problematic, .system-message, .katex-error')) {
        problems.push(`markup not rendered (${el.className}): ${say(el)}`);
    }
    for (const pre of article.querySelectorAll('pre')) {
        if (shown(pre) && !pre.textContent.trim()) problems.push(`an empty box: an empty code block after "${say((pre.closest('div[class*="highlight-"]') || pre).previousElementSibling || pre).slice(-50)}"`);
    }
    for (const box of article.querySelectorAll('.admonition, details')) {
        const body = box.cloneNode(true);
        body.querySelectorAll(':scope > .admonition-title, :scope > summary').forEach(e => e.remove());
        if (!body.textContent.trim() && !body.querySelector('img, svg, .katex, iframe, table')) {
            problems.push(`an empty box: ${box.className} "${say(box)}"`);
        }
    }

    // --- information only a hover shows
    for (const el of article.querySelectorAll('[title]')) {
        const title = el.getAttribute('title').trim();
        // a link's target says it (a citation's title is the entry the link leads to; a permalink's, its heading)
        if (!title || el.matches('a[href]')) continue;
        const said = `${el.textContent} ${el.getAttribute('aria-label') || ''} ` +
            (el.getAttribute('aria-describedby') || '').split(/\s+/).map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
        const norm = s => s.replace(/\s+/g, ' ').trim().toLowerCase();
        if (!norm(said).includes(norm(title))) problems.push(`only a hover shows: title="${title.slice(0, 70)}" on ${el.tagName.toLowerCase()} "${say(el)}"`);
    }
    const marks = [...article.querySelectorAll('.checked-mark')];
    const badMarks = marks.filter(mark => mark.tagName !== 'BUTTON' || !mark.hasAttribute('aria-expanded') ||
        !document.getElementById(mark.getAttribute('aria-controls') || ''));
    if (badMarks.length) {
        problems.push(`${badMarks.length} of ${marks.length} ✓ marks are not a button with aria-expanded and the note it ` +
                      `opens (the explanation is not reachable by click, tap or keyboard): ${badMarks[0].outerHTML.slice(0, 120)}`);
    }

    // --- figure text
    for (const img of article.querySelectorAll('img')) {
        const src = img.getAttribute('src') || '';
        if (!/_images\/[^/]+\.png$/.test(src) || !shown(img) || !img.naturalWidth || img.parentElement.matches('.stacked')) continue;
        const w = img.getBoundingClientRect().width;
        const px = figureTextPx * w / img.naturalWidth;
        if (px < minTextPx - 0.05) problems.push(`figure text ${px.toFixed(1)} px (< ${minTextPx}): shown ${Math.round(w)} px wide of ${img.naturalWidth}: ${src}`);
    }
    // a figure of two panels stacked on a narrow column: each panel whole in the column, its text as legible
    for (const panel of article.querySelectorAll('.stacked > .figure-panels > .figure-panel')) {
        const r = panel.getBoundingClientRect(), natural = parseFloat(panel.style.maxWidth);
        const box = panel.closest('figure, div.output').getBoundingClientRect();
        const px = figureTextPx * r.width / natural;
        const src = panel.closest('.stacked').querySelector('img').getAttribute('src');
        if (px < minTextPx - 0.05) problems.push(`figure panel text ${px.toFixed(1)} px (< ${minTextPx}): ${src}`);
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.height < 20) problems.push(`figure panel not whole in its column: ${src}`);
    }
    return {problems, checks: marks.length - badMarks.length};
}"""

# open and close the first ✓: by a click, then by the keyboard
TOGGLE = r"""async () => {
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    // the first ✓ in view (one inside a closed fold cannot take focus until the fold opens)
    const mark = [...document.querySelectorAll('article .checked-mark')].find(m => m.checkVisibility({visibilityProperty: true}));
    const note = document.getElementById(mark.getAttribute('aria-controls'));
    const state = () => [mark.getAttribute('aria-expanded'), note.getClientRects().length > 0 && note.textContent.trim().length > 0];
    const states = [state()];
    mark.click(); await frame(); states.push(state());
    mark.click(); await frame(); states.push(state());
    mark.focus();
    return {states, focused: document.activeElement === mark};
}"""


@pytest.mark.parametrize("path", PAGES)
def test_the_reader_sees_every_part_of_the_page(reader_views, path):
    problems = []
    settings = {"noFormulaScrolls": NO_FORMULA_SCROLLS, "figureTextPx": figure_text_px(ROOT), "minTextPx": MIN_FIGURE_TEXT_PX}
    for width in WIDTHS:
        page = reader_views(path, width)
        report = page.evaluate(READER_VIEW, {"width": width, **settings})
        problems += [f"{width} px: {p}" for p in report["problems"]]
        sideways = page.evaluate(SIDEWAYS, width)
        if sideways["page_scrolls"]:
            problems.append(f"{width} px: the page scrolls sideways ({sideways['scroll_width']} px)")
        problems += [f"{width} px: cut off: {c}" for c in sideways["cut"]]
        if report["checks"] and width == WIDTHS[-1]:
            problems += toggle_problems(page, width)
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


def toggle_problems(page, width) -> list[str]:
    """The first ✓ opens its note and closes it again, by a click and by Enter and Space."""
    result = page.evaluate(TOGGLE)
    problems = []
    if [s[0] for s in result["states"]] != ["false", "true", "false"] or [s[1] for s in result["states"]] != [False, True, False]:
        problems.append(f"{width} px: a click on a ✓ does not open and close its note (aria-expanded, shown): {result['states']}")
    if not result["focused"]:
        problems.append(f"{width} px: a ✓ cannot be focused with the keyboard")
        return problems
    mark = page.locator("article .checked-mark:visible").first   # the one TOGGLE focused
    states = []
    for key in ("Enter", "Space"):
        page.keyboard.press(key)
        states.append(mark.get_attribute("aria-expanded"))
    if states != ["true", "false"]:
        problems.append(f"{width} px: Enter and Space on a focused ✓ do not open and close its note: {states}")
    return problems
