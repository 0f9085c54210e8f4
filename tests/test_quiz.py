"""The quick checks (helpers.quiz, helpers/quizzes/*.yml): every answer computed, every question well formed.

The browser tests (tests/browser/test_quiz_browser.py) answer every question in Chromium; these check the
files and the HTML without a browser.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from helpers import log_loss, sigmoid
from helpers import quiz as quiz_module
from helpers.quiz import TEXT, Quiz, chapter_questions, parse_number, questions, quiz, tolerance

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "helpers" / "quizzes"
#: the core path: the toolkit page and chapters 01–05, each with 2 to 4 quick checks
CORE = ["00_toolkit", "01_why_not_mse", "02_designing_log_loss", "03_sigmoid_derivative", "04_gradient_steps",
        "05_same_update_rule"]


def test_every_core_chapter_has_two_to_four_quick_checks():
    files = sorted(p.stem for p in FOLDER.glob("*.yml"))
    assert files == CORE
    for chapter in CORE:
        qs = chapter_questions(chapter)
        assert 2 <= len(qs) <= 4, (chapter, len(qs))
        assert all(q["id"].startswith(chapter[:2] + "-") for q in qs)


def test_chapter_files_are_named_after_the_chapters():
    """Each file but the toolkit's (being written) names a chapter of the book."""
    chapters = {p.stem for p in (ROOT / "book").glob("*.ipynb")}
    assert set(CORE) - {"00_toolkit"} <= chapters


def test_every_question_is_checked_and_explained():
    qs = questions()
    assert len(qs) == sum(len(chapter_questions(c)) for c in CORE)
    kinds = {q["kind"] for q in qs.values()}
    assert kinds == {"choice", "number"}
    for qid, q in qs.items():
        if q["kind"] == "choice":
            assert sum(c["correct"] for c in q["choices"]) == 1, qid
            assert all(c["why"] and "\n" not in c["why"] for c in q["choices"]), qid
        else:
            assert np.isfinite(q["answer"]) and q["why"] and "{answer}" not in q["why"], qid
            assert q["shown"] in q["why"], f"{qid}: the explanation prints the computed answer"
            for m in q["mistakes"]:
                assert abs(m["value"] - q["answer"]) > q["tolerance"], qid


def test_the_correct_choice_is_not_always_in_the_same_place():
    places = [next(k for k, c in enumerate(q["choices"]) if c["correct"])
              for q in questions().values() if q["kind"] == "choice"]
    assert len(set(places)) >= 3


def test_computed_answers_agree_with_the_book():
    """A few answers recomputed here another way (closed forms), so that a slip in a file's setup shows."""
    qs = questions()
    assert qs["03-steepest"]["shown"] == "0.25" and abs(qs["03-steepest"]["answer"] - 0.25) < 1e-9
    assert abs(qs["00-update"]["answer"] - (1 - 0.25 * 2)) < 1e-8
    assert abs(qs["02-one-example"]["answer"] + np.log(0.1)) < 1e-12
    assert abs(qs["04-worked"]["answer"] - 0.5 * (2 * 0.5 + (-1) * (-0.5))) < 1e-15
    assert abs(qs["05-one-step"]["answer"] - 0.125) < 1e-12
    assert next(c for c in qs["04-shape"]["choices"] if c["correct"])["text"].startswith("n + 1")
    assert abs(log_loss(np.array([np.log(9.0)]), np.array([[1.0]]), np.array([0.0])) - qs["02-one-example"]["answer"]) < 1e-12
    assert sigmoid(0.0) == 0.5


# ------------------------------------------------------------------------- the checks can fail


@pytest.fixture
def planted(tmp_path, monkeypatch):
    """``planted(text)``: questions read from a file ``09_planted.yml`` holding ``text``."""
    class Folder:
        def joinpath(self, *parts):
            return tmp_path.joinpath(*parts)

        def iterdir(self):
            return tmp_path.iterdir()

    monkeypatch.setattr(quiz_module, "_folder", lambda: Folder())
    quiz_module.chapter_questions.cache_clear()

    def load(text):
        (tmp_path / "09_planted.yml").write_text(text, encoding="utf8")
        quiz_module.chapter_questions.cache_clear()
        return chapter_questions("09_planted")

    yield load
    quiz_module.chapter_questions.cache_clear()


GOOD_CHOICE = """
questions:
  - id: 09-half
    prompt: "What is σ(0)?"
    choices:
      - text: "½"
        holds: "sigmoid(0.0) == 0.5"
        why: "e⁰ = 1, so σ(0) = 1/(1 + 1)."
      - text: "1"
        holds: "sigmoid(0.0) == 1"
        why: "σ reaches 1 only in the limit."
"""


def test_a_good_file_loads(planted):
    (q,) = planted(GOOD_CHOICE)
    assert [c["correct"] for c in q["choices"]] == [True, False]


@pytest.mark.parametrize("change, message", [
    (('holds: "sigmoid(0.0) == 1"', 'holds: "sigmoid(0.0) < 1"'), "exactly one choice must hold; the checks find [1, 2]"),
    (('holds: "sigmoid(0.0) == 0.5"', 'holds: "sigmoid(0.0) == 0.4"'), "the checks find none"),
    (('holds: "sigmoid(0.0) == 0.5"', 'holds: "sigmoid(0.0)"'), "holds must be True or False"),
    (('holds: "sigmoid(0.0) == 0.5"', 'holds: "sigmoid("'), "evaluating 'sigmoid(' raised SyntaxError"),
    (('prompt: "What is σ(0)?"', 'prompt: "What is $\\\\sigma(0)$?"'), "must write its maths in Unicode"),
    (('id: 09-half', 'id: 03-half'), "question id must look like '09-some-words'"),
    (('id: 09-half', 'id: 09_Half'), "question id must look like"),
    (('why: "σ reaches 1 only in the limit."', 'why: ""'), "why must be a non-empty string"),
    (('    prompt:', '    answer: 3\n    prompt:'), "unknown keys ['answer']"),
])
def test_a_bad_choice_question_is_refused_with_a_reason(planted, change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        planted(GOOD_CHOICE.replace(*change))


GOOD_NUMBER = """
setup: |
  slope = sigmoid(0.0) * (1 - sigmoid(0.0))
questions:
  - id: 09-slope
    prompt: "σ′(0) = ?"
    number: slope
    digits: 2
    why: "σ(0)(1 − σ(0)) = {answer}."
    mistakes:
      - value: sigmoid(0.0)
        why: "{value} is σ(0)."
  - id: 09-other
    prompt: "σ(0) = ?"
    number: sigmoid(0.0)
    digits: 1
    why: "{answer}"
"""


def test_a_good_number_question_fills_the_computed_values(planted):
    q, _ = planted(GOOD_NUMBER)
    assert q["answer"] == 0.25 and q["shown"] == "0.25" and q["why"] == "σ(0)(1 − σ(0)) = 0.25."
    assert q["mistakes"] == [{"value": 0.5, "why": "0.50 is σ(0)."}]
    assert q["tolerance"] == pytest.approx(0.005)


@pytest.mark.parametrize("change, message", [
    (("value: sigmoid(0.0)", "value: 0.252"), "must be finite and not count as the answer"),
    (("number: slope", "number: 1 / 0"), "raised ZeroDivisionError"),
    (("number: slope", "number: np.inf"), "number must be finite"),
    (("number: slope", "number: '\"a\"'"), "number must evaluate to a real number"),
    (("digits: 2", "digits: 2.5"), "digits must be a whole number from 0 to 6"),
    (("    digits: 2\n", "    digits: 2\n    choices: []\n"), "either 'choices' or 'number', not both"),
    (("id: 09-other", "id: 09-slope"), "question ids must be unique"),
    (('why: "{answer}"', 'why: "one\\ntwo"'), "must be one line"),
])
def test_a_bad_number_question_is_refused_with_a_reason(planted, change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        planted(GOOD_NUMBER.replace(*change))


@pytest.mark.parametrize("qid, message", [
    ("03-no-such-question", "qid must name a question of helpers/quizzes/, got '03-no-such-question'; chapter 03 has"),
    ("3-steepest", "qid must be a question id like '03-steepest', got '3-steepest'"),
    (3, "qid must be a question id like '03-steepest', got 3"),
    (None, "got None"),
])
def test_quiz_refuses_an_unknown_id_naming_the_argument(qid, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        quiz(qid)


# ------------------------------------------------------------------------------------ numbers typed


@pytest.mark.parametrize("text, value", [
    ("0.25", 0.25), (" .25 ", 0.25), ("1/4", 0.25), ("−0.5", -0.5), ("-1/2", -0.5), ("0,25", 0.25),
    ("2.5e-1", 0.25), ("+3", 3.0), ("7", 7.0), ("1 / 4", 0.25),
    ("", None), ("abc", None), ("1/0", None), ("0.2.5", None), ("1,000.5", None), ("1e999", None), ("--1", None),
])
def test_parse_number_reads_what_a_reader_types(text, value):
    assert parse_number(text) == value


def test_tolerance_accepts_the_answer_rounded_as_shown():
    assert abs(0.125 - 0.13) <= tolerance(2) and abs(0.125 - 0.12) <= tolerance(2) and abs(0.125 - 0.14) > tolerance(2)
    assert abs(0.25 - 0.254) <= tolerance(2) and abs(0.25 - 0.256) > tolerance(2)


# --------------------------------------------------------------------------------------- the HTML


@pytest.mark.parametrize("qid", sorted(questions()))
def test_html_is_self_contained_and_accessible(qid):
    q = quiz(qid)
    page = q.to_html()
    # nothing from the network: no address, no external script or stylesheet, no image
    assert not re.search(r"https?://|//cdn|\bsrc=|<link\b|@import|url\(", page)
    assert page.count("<form") == 1 and 'role="status"' in page and 'aria-live="polite"' in page
    assert "<fieldset>" in page and "<legend>" in page and "<details" in page
    if q.question["kind"] == "choice":
        assert page.count('type="radio"') == len(q.question["choices"])
    else:
        assert 'type="text"' in page and 'inputmode="decimal"' in page and "aria-describedby" in page
    payload = json.loads(html.unescape(re.search(r'class="lgq-payload">(.*?)</script>', page).group(1)))
    assert payload["text"] == TEXT and payload["kind"] == q.question["kind"]
    # the folded answer (readable without JavaScript) names the correct answer
    assert html.escape(q.answer_text()) in page.split("<details", 1)[1]


def test_ids_are_unique_on_a_page_and_the_same_in_a_fresh_kernel():
    a, b = quiz("03-steepest").to_html(), quiz("03-steepest").to_html()
    ida, idb = (re.search(r'<form class="lgq" id="([^"]+)"', x).group(1) for x in (a, b))
    assert ida != idb and ida.startswith("lgq-03-steepest-")
    assert a.replace(ida, "ID") == b.replace(idb, "ID")


def test_plain_text_shows_the_question_not_the_answer():
    text = quiz("04-shape").text()
    assert text.startswith("Quick check: X has shape") and "( ) n + 1" in text
    assert "Xᵀ has n + 1 rows" not in text
    assert "0.25" not in quiz("03-steepest").text()
    bundle, _ = quiz("03-steepest")._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}


def test_the_javascript_holds_no_words_of_its_own():
    script = (FOLDER / "quiz.js").read_text(encoding="utf8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)
    for words in TEXT.values():
        assert words not in code
    strings = re.findall(r"'([^'\\]*)'", code)
    sentences = [s for s in strings if re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", s) and s != "use strict"]
    assert sentences == []


def test_the_helpers_import_no_quiz_machinery_at_import_time():
    import helpers

    assert "quiz" not in helpers.__all__ and isinstance(quiz("03-steepest"), Quiz)


def test_the_questions_are_package_data():
    """Colab installs helpers from the repository (not editable): the question files must be in the wheel."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    data = setuptools.get("package-data", {}).get("helpers", [])
    assert {"quizzes/*.yml", "quizzes/*.js", "quizzes/*.css"} <= set(data)


# ------------------------------------------------------------------------------ the reader notebooks


def _reader_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_reader_notebooks", ROOT / "lab" / "build_reader_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reader_notebook_keeps_a_quick_check_runnable_with_its_source_hidden():
    import nbformat

    reader = _reader_module()
    cell = nbformat.v4.new_code_cell('quiz("03-steepest")', metadata={"tags": ["remove-input"]})
    assert reader.reader_quiz_cell(cell) == []
    assert cell.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": False}
    assert cell.metadata["tags"] == ["remove-input", "quiz"] and cell.source == 'quiz("03-steepest")'
    unknown = nbformat.v4.new_code_cell("quiz('03-no-such-question')")
    (problem,) = reader.reader_quiz_cell(unknown)
    assert problem.startswith("quick check: qid must name a question") and "03-no-such-question" in problem
    other = nbformat.v4.new_code_cell('answer = quiz("03-steepest")')
    assert reader.reader_quiz_cell(other) == [] and "quiz" not in other.metadata.get("tags", [])


#: a chapter's quick-check cell: exactly this source, tagged remove-input (the site shows the question, not its code)
QUIZ_CELL = re.compile(r'\Aquiz\("(?P<qid>\d\d-[a-z0-9-]+)"\)\Z')


def _placed():
    """qid -> [(chapter, tags)] for every quiz(...) cell of the chapters in book/."""
    placed = {}
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf8"))["cells"]:
            text = "".join(cell["source"]).strip()
            if cell["cell_type"] == "code" and "quiz(" in text:
                m = QUIZ_CELL.match(text)
                placed.setdefault(m["qid"] if m else text, []).append((path.stem, cell["metadata"].get("tags", [])))
    return placed


@pytest.mark.xfail(condition=not _placed(), strict=True,
                   reason="no chapter calls quiz(...) yet: the lead inserts the cells listed in h20q's report")
def test_every_question_is_asked_once_where_it_belongs():
    """Each question of helpers/quizzes/ is one remove-input cell ``quiz("id")`` in the chapter of its number."""
    placed, problems = _placed(), []
    for qid in questions():
        where = placed.pop(qid, [])
        if qid.startswith("00-") and not any(p.name.startswith("00_") for p in (ROOT / "book").glob("*.ipynb")):
            continue  # the toolkit page is not in the book yet
        if len(where) != 1:
            problems.append(f"{qid}: asked {len(where)} times {where}")
        elif where[0][0][:2] != qid[:2] or "remove-input" not in where[0][1]:
            problems.append(f"{qid}: in {where[0][0]} with tags {where[0][1]} (want its chapter, tag remove-input)")
    problems += [f"a cell that is not a known quick check: {text!r} in {where}" for text, where in placed.items()]
    assert not problems, "\n".join(problems)
