"""The quick checks (helpers.quiz) in Chromium, offline: every question answered, on its own, on the site, in JupyterLab.

1. Every question of helpers/quizzes/ on one page made by ``quiz(qid).to_html()`` (no site needed), every request
   to the network aborted: each choice, the computed number, each likely mistake, an empty and an unreadable
   answer give the feedback Python wrote (words and explanation), in the live region; keyboard only works (Tab,
   arrows, Enter); the page's number reader agrees with ``helpers.quiz.parse_number``; axe-core finds no serious
   or critical violation.
2. The built site (_build/html): on every page that has quick checks, they mount without a console error or a
   request to another host, the correct answer is accepted, axe-core is content in light and dark mode, and
   at 375 px nothing in them is wider than the page. ``QUIZ_SCREENSHOTS=DIR`` saves a screenshot of the first
   quick check of each page at 1280 and 375 px, light and dark.
3. JupyterLab (the reader notebooks of ``make reader``): after Run All each quick check of a chapter is there
   and answers, with the mouse and with Enter in its text box, without running a cell.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from book import ROOT
from conftest import PAGES, SITE, problems_of, serious_violations
from helpers.quiz import TEXT, parse_number, questions, quiz

QUESTIONS = questions()
FORM = "form.lgq"


def quiz_pages() -> list[str]:
    """The site's pages with quick checks, from their HTML (before any JavaScript runs)."""
    return [p for p in PAGES if (SITE / p).is_file() and 'class="lgq"' in (SITE / p).read_text(encoding="utf8")]


# ------------------------------------------------------------------------------ every question alone


@pytest.fixture(scope="module")
def all_questions(browser, tmp_path_factory):
    """A page with every question, loaded offline: (page, blocked requests, errors)."""
    context = browser.new_context(viewport={"width": 900, "height": 900})
    blocked, errors = [], []

    def route(r):
        if r.request.url.startswith(("data:", "about:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    body = "\n".join(f'<section data-qid="{qid}">{quiz(qid).to_html()}</section>' for qid in QUESTIONS)
    page.set_content(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quick checks</title></head>'
                     f"<body><main>{body}</main></body></html>")
    page.wait_for_function("n => document.querySelectorAll('form.lgq[data-lgq-mounted]').length === n", arg=len(QUESTIONS))
    yield page, blocked, errors
    context.close()


def form_of(page, qid):
    return page.locator(f'section[data-qid="{qid}"] {FORM}')


def feedback(form):
    return form.locator(".lgq-feedback").text_content().strip()


def test_nothing_from_the_network_and_no_console_message(all_questions):
    page, blocked, errors = all_questions
    assert blocked == [] and errors == []
    assert page.evaluate("() => document.querySelectorAll('script[src], link[href], img[src]').length") == 0


@pytest.mark.parametrize("qid", [q for q in QUESTIONS if QUESTIONS[q]["kind"] == "choice"])
def test_each_choice_gets_its_own_explanation(all_questions, qid):
    page, _, errors = all_questions
    q, form = QUESTIONS[qid], form_of(page, qid)
    form.locator(".lgq-check").click()
    assert feedback(form) == TEXT["empty_choice"]
    radios = form.locator("input[type=radio]")
    assert radios.count() == len(q["choices"])
    for k, choice in enumerate(q["choices"]):
        radios.nth(k).check()
        assert feedback(form) == "", "a new choice clears the old verdict"
        form.locator(".lgq-check").click()
        verdict = TEXT["right"] if choice["correct"] else TEXT["wrong"]
        assert feedback(form) == f"{verdict} {choice['why']}"
        state = "right" if choice["correct"] else "wrong"
        assert form.evaluate(f"f => f.classList.contains('lgq-state-{state}')")
        assert form.locator(f".lgq-choice.lgq-{state}").count() == 1
    assert errors == []


@pytest.mark.parametrize("qid", [q for q in QUESTIONS if QUESTIONS[q]["kind"] == "number"])
def test_a_number_is_judged_against_the_computed_answer(all_questions, qid):
    page, _, errors = all_questions
    q, form = QUESTIONS[qid], form_of(page, qid)
    box = form.locator("input[type=text]")

    def answer(text, press_enter=False):
        box.fill(text)
        if press_enter:
            box.press("Enter")
        else:
            form.locator(".lgq-check").click()
        return feedback(form)

    assert answer("") == TEXT["empty_number"]
    assert answer("1,2,3") == TEXT["unreadable"].replace("{input}", "1,2,3")
    right = f"{TEXT['right']} {q['why']}"
    assert answer(q["shown"]) == right                               # as the answer prints it
    assert answer(q["shown"].replace("\u2212", "-"), press_enter=True) == right
    assert answer(repr(q["answer"])) == right                        # every digit
    for m in q["mistakes"]:
        assert answer(repr(m["value"])) == f"{TEXT['wrong']} {m['why']}"
    far = q["answer"] + 10 * q["tolerance"] + 1
    assert answer(repr(far)) == TEXT["wrong_number"]
    assert errors == []


def test_keyboard_only(all_questions):
    """Tab to the first choice, arrow to the next, Enter checks; the verdict is in the live region."""
    page, _, _ = all_questions
    qid = next(q for q in QUESTIONS if QUESTIONS[q]["kind"] == "choice")
    form = form_of(page, qid)
    form.locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowDown")
    assert form.locator("input[type=radio]").nth(1).is_checked()
    page.keyboard.press("Enter")
    second = QUESTIONS[qid]["choices"][1]
    assert feedback(form) == f"{TEXT['right'] if second['correct'] else TEXT['wrong']} {second['why']}"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "lgq-check"
    live = form.locator(".lgq-feedback")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    legend = form.locator("legend").text_content()
    assert QUESTIONS[qid]["prompt"] in legend


@pytest.mark.parametrize("text", ["0.25", " .25 ", "1/4", "−0.5", "-1/2", "0,25", "2.5e-1", "+3", "1 / 4",
                                  "", "abc", "1/0", "0.2.5", "1,000.5", "1e999", "--1"])
def test_the_page_reads_numbers_as_python_does(all_questions, text):
    page, _, _ = all_questions
    assert page.evaluate("t => window.LGQ.parse(t)", text) == parse_number(text)


def test_the_questions_are_accessible(all_questions):
    from axe_playwright_python.sync_playwright import Axe

    page, _, _ = all_questions
    for details in page.locator("details.lgq-answer").all():
        details.evaluate("d => d.open = true")
    bad = serious_violations(Axe().run(page, context=FORM))
    assert not bad, "axe-core found\n  " + "\n  ".join(bad)


def test_without_javascript_the_answer_is_still_there(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    qid = "04-shape"
    page.set_content(f"<!doctype html><html lang='en'><body>{quiz(qid).to_html()}</body></html>")
    page.locator("details.lgq-answer summary").click()
    text = page.locator("details.lgq-answer").inner_text()
    assert quiz(qid).answer_text() in text and all(c["why"] in text for c in QUESTIONS[qid]["choices"])
    context.close()


# -------------------------------------------------------------------------------------- on the site


SITE_QUIZ_PAGES = quiz_pages()


@pytest.mark.parametrize("path", SITE_QUIZ_PAGES or ["(no page of the site has a quick check)"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_quick_checks_on_the_site(open_page, path, scheme):
    if path not in PAGES:
        pytest.skip("no page of the built site has a quick check yet: the chapters call quiz(...) once the cells are in")
    shots = os.environ.get("QUIZ_SCREENSHOTS")
    for width in (1280, 375):
        page, log = open_page(path, width=width, color_scheme=scheme)
        n = page.locator(FORM).count()
        page.wait_for_function("n => document.querySelectorAll('form.lgq[data-lgq-mounted]').length === n", arg=n)
        problems = problems_of(log)
        if scheme == "dark" and page.evaluate("() => document.documentElement.dataset.theme") != "dark":
            problems.append("the theme did not follow dark mode")
        for k in range(n):
            form = page.locator(FORM).nth(k)
            qid = form.get_attribute("data-lgq-id")
            q = QUESTIONS[qid]
            if q["kind"] == "choice":
                form.locator("input[type=radio]").nth(next(i for i, c in enumerate(q["choices"]) if c["correct"])).check()
            else:
                form.locator("input[type=text]").fill(q["shown"])
            form.locator(".lgq-check").click()
            if not feedback(form).startswith(TEXT["right"]):
                problems.append(f"{qid}: the correct answer got {feedback(form)!r}")
            wide = form.evaluate("f => [f.scrollWidth, f.clientWidth, f.getBoundingClientRect().right, window.innerWidth]")
            if wide[0] > wide[1] + 1 or wide[2] > wide[3] + 1:
                problems.append(f"{qid} at {width} px: wider than its box or the window {wide}")
            if k == 0 and shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                form.locator("details.lgq-answer").evaluate("d => d.open = true")
                form.scroll_into_view_if_needed()
                name = f"{Path(path).stem}-{width}-{scheme}.png"
                page.screenshot(path=str(Path(shots) / name), clip=_clip(form, page))
        if width == 375 and page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"):
            problems.append("the page scrolls sideways at 375 px")
        from axe_playwright_python.sync_playwright import Axe

        problems += [f"axe-core at {width} px, {line}" for line in serious_violations(Axe().run(page, context=FORM))]
        # the feedback is legible: its colour differs enough from the quick check's background
        contrast = page.locator(FORM).first.evaluate(CONTRAST)
        if contrast < 4.5:
            problems.append(f"feedback contrast {contrast:.2f} < 4.5 in {scheme} mode")
        assert not problems, f"{path} ({scheme}, {width} px):\n  " + "\n  ".join(problems)


def _clip(form, page):
    box = form.bounding_box()
    top = max(box["y"] - 8, 0)
    return {"x": max(box["x"] - 8, 0), "y": top, "width": min(box["width"] + 16, page.viewport_size["width"]),
            "height": box["height"] + 16}


# WCAG contrast of the feedback's text colour on the quick check's background (solid colours in both themes)
CONTRAST = """f => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => { const t = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * t(r) + 0.7152 * t(g) + 0.0722 * t(b); };
  let bg = null, el = f;
  while (el && !bg) { const c = getComputedStyle(el).backgroundColor; if (c && !/rgba\\(0, 0, 0, 0\\)|transparent/.test(c)) bg = c; el = el.parentElement; }
  const a = lum(rgb(getComputedStyle(f.querySelector('.lgq-feedback')).color)), b = lum(rgb(bg || 'rgb(255,255,255)'));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


# ------------------------------------------------------------------------------------ in JupyterLab

from test_lab import CHAPTERS, RUN_ALL, RUN_TIMEOUT_MS, _open, chromium, lab  # noqa: E402,F401 - fixtures


def reader_quiz_chapters() -> list[str]:
    found = []
    for name in CHAPTERS:
        text = (ROOT / "_build" / "reader" / name).read_text(encoding="utf8")
        if re.search(r"quiz\(\\\"\d\d-", text):
            found.append(name)
    return found[:1] or ["(no reader notebook has a quick check)"]


@pytest.mark.parametrize("name", reader_quiz_chapters())
def test_quick_checks_in_jupyterlab(lab, chromium, name):
    if not name.endswith(".ipynb"):
        pytest.skip("no reader notebook has a quick check yet: the chapters call quiz(...) once the cells are in")
    base, token, _ = lab
    context, page, errors = _open(chromium, f"{base}/lab/tree/{name}?token={token}")
    try:
        assert page.evaluate(RUN_ALL), f"{name}: Run All did not finish within {RUN_TIMEOUT_MS // 1000} s"
        forms = page.locator(f".jp-OutputArea-output {FORM}")
        n = forms.count()
        expected = len(re.findall(r'quiz\(\\"(\d\d-[\w-]+)\\"\)', (ROOT / "_build" / "reader" / name).read_text()))
        assert n == expected and n > 0, f"{name}: {n} quick checks shown, {expected} cells call quiz"
        page.wait_for_function("n => document.querySelectorAll('.jp-OutputArea-output form.lgq[data-lgq-mounted]').length === n", arg=n)
        count = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.length")
        for k in range(n):
            form = forms.nth(k)
            q = QUESTIONS[form.get_attribute("data-lgq-id")]
            form.scroll_into_view_if_needed()
            if q["kind"] == "choice":
                wrong = next(i for i, c in enumerate(q["choices"]) if not c["correct"])
                form.locator("input[type=radio]").nth(wrong).check()
                form.locator(".lgq-check").click()
                assert feedback(form) == f"{TEXT['wrong']} {q['choices'][wrong]['why']}"
            else:
                box = form.locator("input[type=text]")
                box.click()
                box.press_sequentially(q["shown"].replace("\u2212", "-"))
                box.press("Enter")              # checks the answer; Lab must not take it as "run the cell"
                assert feedback(form) == f"{TEXT['right']} {q['why']}"
                assert box.input_value() == q["shown"].replace("\u2212", "-"), "every key reached the text box"
        # nothing ran or was added: the cells and their outputs are as Run All left them
        assert page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.length") == count
        assert page.locator(f".jp-OutputArea-output {FORM}").count() == n
        if os.environ.get("QUIZ_SCREENSHOTS"):
            forms.first.scroll_into_view_if_needed()
            page.screenshot(path=str(Path(os.environ["QUIZ_SCREENSHOTS"]) / f"lab-{Path(name).stem}.png"))
        assert not errors, f"{name}: console errors\n  " + "\n  ".join(errors)
    finally:
        context.close()
