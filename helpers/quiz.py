"""Quick checks: short questions at the point of reading, answered in the page, with or without a kernel.

A chapter shows one with a cell tagged ``remove-input`` whose only line is ``quiz("03-steepest")``. The questions
live in ``helpers/quizzes/NN_topic.yml``, one file per chapter (package data, so the classroom kit and Colab
have them too). Each question is either a multiple choice or a number:

.. code-block:: yaml

    setup: |                      # Python run once for the file; its names are what the checks below read
      from helpers import sigmoid
    questions:
      - id: 03-steepest           # NN-words: NN is the chapter's number
        prompt: What is σ′(0), the slope of the sigmoid at z = 0?
        number: sigmoid(0.0) * (1 - sigmoid(0.0))     # the correct value, computed
        digits: 2                  # shown with 2 decimals; answers within half a unit of the last digit count
        why: σ′(0) = σ(0)(1 − σ(0)) = {answer}, the largest slope the sigmoid has.
        mistakes:                  # wrong values a reader is likely to give, each with its explanation
          - value: sigmoid(0.0)
            why: "{value} is σ(0), the height of the curve at 0, not its slope."
      - id: 03-saturates
        prompt: ...
        choices:
          - text: the words of the choice
            holds: "<Python expression>"   # True for the one correct choice, False for every other
            why: one line that explains this choice

So no answer is a bare claim: the correct choice is the one whose statement the code finds true (every wrong
choice's statement is checked false), and the number is computed. ``{answer}`` and ``{value}`` in a ``why``
are the computed numbers, printed with ``digits`` decimals (Unicode minus).

What the page receives is self-contained HTML (no kernel, no network, no library): a ``<fieldset>`` with
radio buttons or a text box, a *Check* button, the feedback in a live region (``role="status"``) that screen
readers announce, and a folded *Show the answer* (``<details>``) that works without JavaScript. The same
HTML is the output in JupyterLab and Notebook 7 (a trusted output: the cell has run), so the questions and
their behaviour are the same in both places. Every word the JavaScript shows comes from :data:`TEXT`.
Maths is written in Unicode (σ′, Xᵀ, θ₀): it reads the same in the page, in JupyterLab, in Colab and to a
screen reader, and needs no typesetting at run time.
"""

from __future__ import annotations

import decimal
import functools
import html
import itertools
import json
import math
import re
from importlib import resources

__all__ = ["quiz", "Quiz", "questions", "chapter_questions", "TEXT"]

#: every word the quick checks show (the JavaScript holds none of its own)
TEXT = {
    "label": "Quick check",
    "check": "Check",
    "your_answer": "Your answer",
    "number_hint": "a number, for example 0.5 or 1/2",
    "right": "✓ Correct.",
    "wrong": "✗ Not quite.",
    "wrong_number": "✗ Not quite. Try again, or open “Show the answer”.",
    "empty_choice": "Choose an answer first.",
    "empty_number": "Type a number first.",
    "unreadable": "“{input}” is not a number I can read: write it like 0.25, −3 or 1/4.",
    "show": "Show the answer",
    "answer": "Answer:",
    "correct_choice": "Correct:",
    "wrong_choice": "Wrong:",
}

_ID = re.compile(r"^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*$")
_counter = itertools.count(1)


# ------------------------------------------------------------------------------------------- numbers


def _fmt(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals, halves away from 0, Unicode minus (the explorers' rule)."""
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        s = format(decimal.Decimal(value), f".{digits}f")
    if s.lstrip("-").strip("0.") == "":
        s = s.lstrip("-")
    return s.replace("-", "\u2212")


def parse_number(text: str) -> float | None:
    """A reader's answer as a number (the twin of ``parse`` in the page's script), or None.

    Accepts ``0.25``, ``.25``, ``-3``, ``−3`` (Unicode minus), ``0,25`` (decimal comma), ``1/4``, ``1e-3``
    and surrounding spaces.
    """
    s = str(text).strip().replace("\u2212", "-").replace(" ", "")
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    m = re.fullmatch(r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?:/([-+]?(?:\d+\.?\d*|\.\d+)))?", s)
    if not m:
        return None
    value = float(m.group(1))
    if m.group(2) is not None:
        den = float(m.group(2))
        if den == 0:
            return None
        value /= den
    return value if math.isfinite(value) else None


def tolerance(digits: int) -> float:
    """Half a unit in the last decimal shown: an answer rounded to ``digits`` decimals counts."""
    return 0.5 * 10.0 ** -digits * (1 + 1e-9)


# ------------------------------------------------------------------------------------ loading, checks


def _folder():
    return resources.files("helpers").joinpath("quizzes")


def _namespace() -> dict:
    import numpy as np

    import helpers

    ns = {"np": np, "math": math}
    ns.update({name: getattr(helpers, name) for name in helpers.__all__})
    return ns


def _one_line(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} must be a non-empty string, got {value!r}")
    if "\n" in value.strip():
        raise ValueError(f"{where} must be one line, got {value!r}")
    if "$" in value or re.search(r"\\[A-Za-z]", value):
        raise ValueError(f"{where} must write its maths in Unicode (σ′, Xᵀ), not TeX: {value!r}")
    return value.strip()


def _evaluate(expression, ns: dict, where: str):
    if not isinstance(expression, str) or not expression.strip():
        raise ValueError(f"{where} must be a Python expression in a string, got {expression!r}")
    try:
        return eval(expression, ns)  # noqa: S307 - the book's own files, as trusted as its code
    except Exception as exc:
        raise ValueError(f"{where}: evaluating {expression!r} raised {type(exc).__name__}: {exc}") from exc


def _checked_question(q: dict, ns: dict, chapter: str) -> dict:
    """One question of a file with its answer computed; ValueError naming what is wrong."""
    qid = q.get("id") if isinstance(q, dict) else None
    if not isinstance(qid, str) or not _ID.match(qid) or qid[:2] != chapter[:2]:
        raise ValueError(f"{chapter}: question id must look like '{chapter[:2]}-some-words', got {qid!r}")
    where = f"{chapter}: {qid}"
    known = {"id", "prompt", "choices", "number", "digits", "why", "mistakes"}
    if set(q) - known:
        raise ValueError(f"{where}: unknown keys {sorted(set(q) - known)}; a question has {sorted(known)}")
    out = {"id": qid, "prompt": _one_line(q.get("prompt"), f"{where} prompt")}
    if ("choices" in q) == ("number" in q):
        raise ValueError(f"{where}: a question has either 'choices' or 'number', not {'both' if 'choices' in q else 'neither'}")
    if "choices" in q:
        choices = q["choices"]
        if not isinstance(choices, list) or not 2 <= len(choices) <= 5:
            raise ValueError(f"{where}: choices must be a list of 2 to 5 choices, got {choices!r}")
        out["kind"] = "choice"
        out["choices"] = []
        for k, c in enumerate(choices):
            if not isinstance(c, dict) or set(c) != {"text", "holds", "why"}:
                raise ValueError(f"{where} choice {k + 1}: needs exactly 'text', 'holds' and 'why', got {c!r}")
            holds = _evaluate(c["holds"], ns, f"{where} choice {k + 1} holds")
            if type(holds).__name__ not in ("bool", "bool_"):
                raise ValueError(f"{where} choice {k + 1}: holds must be True or False, got {holds!r}")
            out["choices"].append({"text": _one_line(c["text"], f"{where} choice {k + 1} text"),
                                   "why": _one_line(c["why"], f"{where} choice {k + 1} why"),
                                   "correct": bool(holds)})
        right = [k + 1 for k, c in enumerate(out["choices"]) if c["correct"]]
        if len(right) != 1:
            raise ValueError(f"{where}: exactly one choice must hold; the checks find {right or 'none'}")
        if "why" in q or "digits" in q or "mistakes" in q:
            raise ValueError(f"{where}: a multiple choice has a 'why' per choice, no 'why', 'digits' or 'mistakes'")
        return out
    digits = q.get("digits")
    if not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 6:
        raise ValueError(f"{where}: digits must be a whole number from 0 to 6, got {digits!r}")
    value = _evaluate(q["number"], ns, f"{where} number")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: number must evaluate to a real number, got {value!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: number must be finite, got {value!r}")
    tol = tolerance(digits)
    out.update(kind="number", answer=value, digits=digits, tolerance=tol, shown=_fmt(value, digits))
    out["why"] = _one_line(q.get("why"), f"{where} why").replace("{answer}", out["shown"])
    out["mistakes"] = []
    for k, m in enumerate(q.get("mistakes") or []):
        if not isinstance(m, dict) or set(m) != {"value", "why"}:
            raise ValueError(f"{where} mistake {k + 1}: needs exactly 'value' and 'why', got {m!r}")
        # a likely wrong value may be written as a number: it is no claim, the answer is what is computed
        raw = m["value"]
        wrong = float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else \
            float(_evaluate(raw, ns, f"{where} mistake {k + 1} value"))
        if not math.isfinite(wrong) or abs(wrong - value) <= 2 * tol:
            raise ValueError(f"{where} mistake {k + 1}: its value {wrong!r} must be finite and not count as the answer {value!r}")
        why = _one_line(m["why"], f"{where} mistake {k + 1} why")
        out["mistakes"].append({"value": wrong, "why": why.replace("{value}", _fmt(wrong, digits))
                                .replace("{answer}", out["shown"])})
    return out


@functools.lru_cache(maxsize=None)
def chapter_questions(chapter: str) -> tuple[dict, ...]:
    """The checked questions of ``helpers/quizzes/<chapter>.yml`` (``chapter`` like '03_sigmoid_derivative')."""
    import yaml

    path = _folder().joinpath(f"{chapter}.yml")
    if not path.is_file():
        raise ValueError(f"chapter must name a file in helpers/quizzes/, got {chapter!r}")
    data = yaml.safe_load(path.read_text(encoding="utf8")) or {}
    if not isinstance(data, dict) or set(data) - {"setup", "questions"} or not isinstance(data.get("questions"), list):
        raise ValueError(f"{chapter}.yml must hold 'questions' (a list) and optionally 'setup'")
    ns = _namespace()
    if data.get("setup"):
        exec(compile(data["setup"], f"{chapter}.yml setup", "exec"), ns)  # noqa: S102 - the book's own file
    out = tuple(_checked_question(q, ns, chapter) for q in data["questions"])
    ids = [q["id"] for q in out]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{chapter}.yml: question ids must be unique, got {ids}")
    return out


def questions() -> dict[str, dict]:
    """Every question of every file, by id, checked (ValueError if two files share an id)."""
    out = {}
    for entry in sorted(_folder().iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yml"):
            for q in chapter_questions(entry.name[:-4]):
                if q["id"] in out:
                    raise ValueError(f"question id {q['id']!r} is in two files")
                out[q["id"]] = q
    return out


def _find(qid: str) -> dict:
    if not isinstance(qid, str) or not _ID.match(qid):
        raise ValueError(f"qid must be a question id like '03-steepest', got {qid!r}")
    files = [p.name[:-4] for p in _folder().iterdir() if p.name.endswith(".yml") and p.name[:2] == qid[:2]]
    for chapter in sorted(files):
        for q in chapter_questions(chapter):
            if q["id"] == qid:
                return q
    known = [q["id"] for chapter in sorted(files) for q in chapter_questions(chapter)]
    raise ValueError(f"qid must name a question of helpers/quizzes/, got {qid!r}; chapter {qid[:2]} has {known}")


# ------------------------------------------------------------------------------------------- the page


def _json(payload) -> str:
    """JSON safe inside ``<script type="application/json">``."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files("helpers").joinpath("quizzes", name).read_text(encoding="utf8")


class Quiz:
    """One quick check: ``quiz("03-steepest")`` as the last line of a cell shows it.

    ``.question`` is the checked question (its computed answer included); ``.to_html()`` the page's HTML.
    """

    def __init__(self, question: dict):
        self.question = question

    def answer_text(self) -> str:
        q = self.question
        if q["kind"] == "number":
            return q["shown"]
        return next(c["text"] for c in q["choices"] if c["correct"])

    def to_html(self) -> str:
        q, e = self.question, html.escape
        uid = f"lgq-{q['id']}-{next(_counter)}"
        parts = [f'<form class="lgq" id="{uid}" data-lgq-id="{e(q["id"])}" novalidate data-lm-suppress-shortcuts="true">',
                 f"<style>{_asset('quiz.css')}</style>",
                 f'<fieldset><legend><span class="lgq-label">{e(TEXT["label"])}</span> {e(q["prompt"])}</legend>']
        if q["kind"] == "choice":
            parts.append('<div class="lgq-choices">')
            for k, c in enumerate(q["choices"]):
                parts.append(f'<label class="lgq-choice"><input type="radio" name="{uid}-choice" value="{k}">'
                             f' <span>{e(c["text"])}</span></label>')
            parts.append("</div>")
        else:
            parts.append(f'<label class="lgq-number"><span>{e(TEXT["your_answer"])}</span> '
                         f'<input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" '
                         f'name="{uid}-number" aria-describedby="{uid}-hint"></label>'
                         f'<span class="lgq-hint" id="{uid}-hint">({e(TEXT["number_hint"])})</span>')
        parts.append("</fieldset>")
        parts.append(f'<div class="lgq-actions"><button type="submit" class="lgq-check">{e(TEXT["check"])}</button>'
                     f'<p class="lgq-feedback" role="status" aria-live="polite"></p></div>')
        # the answer, folded: readable without JavaScript too
        parts.append(f'<details class="lgq-answer"><summary>{e(TEXT["show"])}</summary>')
        if q["kind"] == "choice":
            parts.append(f'<p><strong>{e(TEXT["answer"])}</strong> {e(self.answer_text())}</p><ul>')
            for c in q["choices"]:
                mark, said = ("✓", TEXT["correct_choice"]) if c["correct"] else ("✗", TEXT["wrong_choice"])
                parts.append(f'<li><span aria-hidden="true">{mark}</span><span class="lgq-sr">{e(said)}</span> '
                             f'{e(c["text"])}<br><span class="lgq-why">{e(c["why"])}</span></li>')
            parts.append("</ul>")
        else:
            parts.append(f'<p><strong>{e(TEXT["answer"])}</strong> {e(q["shown"])}. {e(q["why"])}</p>')
            if q["mistakes"]:
                parts.append("<ul>" + "".join(f'<li><span aria-hidden="true">✗</span><span class="lgq-sr">{e(TEXT["wrong_choice"])}</span> '
                                              f"{e(_fmt(m['value'], q['digits']))}<br>"
                                              f'<span class="lgq-why">{e(m["why"])}</span></li>' for m in q["mistakes"]) + "</ul>")
        parts.append("</details>")
        payload = {"kind": q["kind"], "text": TEXT}
        if q["kind"] == "choice":
            payload["choices"] = [{"correct": c["correct"], "why": c["why"]} for c in q["choices"]]
        else:
            payload.update(answer=q["answer"], tolerance=q["tolerance"], why=q["why"],
                           mistakes=[{"value": m["value"], "why": m["why"]} for m in q["mistakes"]])
        parts.append(f'<script type="application/json" class="lgq-payload">{_json(payload)}</script>')
        parts.append("<script>(function () {\n" + _asset("quiz.js")
                     + f'\nLGQ.mount(document.getElementById("{uid}"));\n}})();</script>')
        parts.append("</form>")
        return "\n".join(parts)

    def text(self) -> str:
        """The question as plain text (where no HTML is shown): the prompt and the choices, not the answer."""
        q = self.question
        lines = [f"{TEXT['label']}: {q['prompt']}"]
        if q["kind"] == "choice":
            lines += [f"  ( ) {c['text']}" for c in q["choices"]]
        else:
            lines.append(f"  {TEXT['your_answer']}: ____ ({TEXT['number_hint']})")
        return "\n".join(lines)

    def __repr__(self):
        return self.text()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.text(), "text/html": self.to_html()}, {}


def quiz(qid: str) -> Quiz:
    """The quick check ``qid`` (e.g. ``"03-steepest"``) of ``helpers/quizzes/``, its answer computed now."""
    return Quiz(_find(qid))
