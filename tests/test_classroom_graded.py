"""The graded assignments of the classroom kit (classroom/graded/, classroom/kit/, classroom/gradebook.py).

The planted-submission suite grades, per chapter, the mistakes a class makes (correct, correct in another form,
sign error, a missing factor or 1/m, wrong shape, typed-in numbers, a crash midway, untouched, the website's
solution copied, np.testing patched) and asserts each score. The other tests check what the student and the
teacher see: the check never says "passed", the feedback shows the student's own error and no test code, the
gradebook's CSV, the written-work route, and a grader zip that grades from its own files.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classroom.graded import SPECS, spec as load_spec  # noqa: E402
from classroom.graded.compare import close, log_close  # noqa: E402
from classroom.graded.grader import feedback_markdown, grade_notebook  # noqa: E402
from classroom.graded.notebook import graded_notebook  # noqa: E402
from classroom.graded.planted import ID, planted  # noqa: E402

import kit  # noqa: E402  (classroom/kit, on sys.path through classroom.graded)

CHAPTERS = sorted(SPECS)


def _grade(tmp_path, chapter, nb, name="sub", sid=ID):
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return grade_notebook(path, chapter, sid)


# ------------------------------------------------------------------------------ the planted suite

@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_planted_submission_gets_its_fair_score(chapter, tmp_path):
    """Each planted submission under its own student ID (so its own data), graded by the gradebook."""
    from classroom.gradebook import grade_folder

    names = list(planted(chapter))
    assert len(names) >= 10
    subs = tmp_path / "subs"
    subs.mkdir()
    expected = {}
    for k, name in enumerate(names):
        sid = f"p{k:02d}"
        nb, expected[sid] = planted(chapter, student_id=sid)[name]
        nbformat.write(nb, subs / f"{sid}.ipynb")
    results = {r.student_id: r for r in grade_folder(subs, chapter, tmp_path / "out" / "grades.csv", workers=2)}
    table = {names[int(sid[1:])]: {ex: r.points[ex] for ex in r.max_points} for sid, r in results.items()}
    print(json.dumps(table, indent=1, ensure_ascii=False))
    wrong = {names[int(sid[1:])]: (table[names[int(sid[1:])]], exp) for sid, exp in expected.items()
             if table[names[int(sid[1:])]] != {ex: float(p) for ex, p in exp.items()}}
    assert not wrong, f"scores that are not the fair ones (got, expected): {wrong}"
    full = sum(load_spec(chapter).POINTS.values())
    assert results["p00"].total == results["p01"].total == full          # correct, and in another form
    assert results[f"p{names.index('untouched'):02d}"].total == 0


def test_one_submission_in_one_process_scores_as_in_the_gradebook(tmp_path):
    """The single-process route (the grader's command line and Gradescope) gives the planted scores too."""
    chapter = "04_gradient_steps"
    for name in ("correct, another form", "missing 1/m", "patched np.testing, strings, made-up numbers"):
        nb, exp = planted(chapter)[name]
        r = _grade(tmp_path, chapter, nb)
        assert r.points == {ex: float(p) for ex, p in exp.items()}, name


def test_a_crash_shows_the_students_own_error_and_the_feedback_no_test_code(tmp_path):
    chapter = "03_sigmoid_derivative"
    nb, _ = planted(chapter)["crash midway"]
    r = _grade(tmp_path, chapter, nb)
    text = feedback_markdown(r)
    assert "NameError: name 'x' is not defined" in text
    assert "line 2 of the cell: `u_prime = c * k * (1 - sp.tanh(k * x) ** 2)`" in text
    spec = load_spec(chapter)
    d = kit.my_data(ID, chapter)
    for hidden in ("def reference", "compare(", "assert ", "close(", "__kit_data__", repr(-d["b"] / d["a"])):
        assert hidden not in text, hidden
    assert f"{r.total:g} / {sum(spec.POINTS.values())}" in text
    # the written parts: what each step asks, never the rubric (it states the results: g'' = a²σ(1−σ)(1−2σ), ...)
    for ex, w in spec.WRITTEN.items():
        for step, _ in w["rubric"]:
            assert step not in text and step.split(":", 1)[-1].strip() not in text, step
        assert all(ask in text for ask in w["ask"])
    assert "off by a relative" not in text          # how far off would tell the reference


def _key_with(chapter, ex, source, sid=ID):
    """The answer key for student `sid` with exercise `ex`'s answer cell replaced by `source`."""
    nb = graded_notebook(chapter, key=True, student_id=sid)
    cell = next(c for c in nb.cells if c.get("metadata", {}).get("kit", {}).get("role") == "answer"
                and c.metadata["kit"].get("exercise") == ex)
    cell.source = source
    return nb


def test_a_submission_cannot_import_the_graders_reference_and_is_flagged(tmp_path):
    """A teacher's attack: drop the block on `classroom`, put the repository on the path, call the spec's reference."""
    chapter = "04_gradient_steps"
    steal = (f"import sys\nsys.modules.pop('classroom', None)\nsys.path.insert(0, {str(ROOT)!r})\n"
             "from classroom.graded import spec_04 as s\nfrom kit import my_data\n"
             "r = s.reference(my_data(STUDENT_ID, '04_gradient_steps'), {})\n"
             "weighted_loss, weighted_gradient = r['weighted_loss'], r['weighted_gradient']")
    r = _grade(tmp_path, chapter, _key_with(chapter, "1", steal))
    assert r.points["1"] == 0, r.lines["1"]
    assert "ImportError" in feedback_markdown(r)
    assert any("flagged for the teacher" in n and "`classroom`" in n for n in r.notes), r.notes


def test_other_processes_are_flagged_and_the_key_is_not(tmp_path):
    chapter = "04_gradient_steps"
    key = _grade(tmp_path, chapter, graded_notebook(chapter, key=True, student_id=ID), name="key")
    assert not key.notes, key.notes                     # the kit's own Colab and set-up cells are not the student's
    spec = load_spec(chapter)
    r = _grade(tmp_path, chapter, _key_with(chapter, "2", "import subprocess\n" + spec.SOLUTIONS["2"]))
    assert any("`subprocess`" in n for n in r.notes), r.notes


def test_my_data_called_again_follows_the_graders_data(tmp_path):
    """A student who re-reads their data in an answer cell is graded on what they computed (the teacher's s09redata)."""
    chapter = "04_gradient_steps"
    spec = load_spec(chapter)
    again = "from kit import my_data\ndata = my_data(STUDENT_ID, '04_gradient_steps')\n" + spec.SOLUTIONS["2"]
    r = _grade(tmp_path, chapter, _key_with(chapter, "2", again))
    assert r.points["2"] == sum(spec.POINTS[n] for n in ("penalised_loss", "penalised_gradient")), r.lines["2"]


# ------------------------------------------------------------------------------ what the student sees

def test_the_check_says_what_it_verified_and_never_passed():
    chapter = "04_gradient_steps"
    d = kit.my_data(ID, chapter)
    n1 = d["X"].shape[1]
    env = {"CHAPTER": chapter, "data": d, "weighted_loss": np.float64(0.3), "weighted_gradient": [0.0] * n1}
    out = io.StringIO()
    with redirect_stdout(out):
        kit.check("1", env=env)
    text = out.getvalue()
    assert "names, types and shapes right; the values are graded later." in text and "pass" not in text.lower()
    env["weighted_gradient"] = np.zeros((n1, 1))
    env["weighted_loss"] = "0.3"
    out = io.StringIO()
    with redirect_stdout(out):
        kit.check("1", env=env)
    text = out.getvalue()
    assert f"has shape ({n1}, 1), not ({n1},)" in text and "is str, not a number" in text


def test_kinds_are_indifferent_to_representation():
    for v in (1, 2.5, np.float64(2.5), np.int64(3), np.array(2.5)):
        assert kit.kind_problem(v, "number", ()) is None
    for v in ([1.0, 2.0, 3.0], (1, 2, 3), np.arange(3.0), [np.float64(1), 2, 3]):
        assert kit.kind_problem(v, "array", (3,)) is None
    assert kit.kind_problem(True, "number", ()) and kit.kind_problem("1", "number", ())
    assert kit.kind_problem(["1", "2", "3"], "array", (3,))
    import sympy as sp
    x, y = sp.symbols("x y")
    assert kit.kind_problem(sp.exp(x), "expression", None) is None
    assert "one symbol only" in kit.kind_problem(x * y, "expression", None)


def test_each_student_has_other_numbers_and_an_id_is_required():
    for chapter in CHAPTERS:
        a, b = kit.my_data("s0001", chapter), kit.my_data("s0002", chapter)
        assert kit.student_seed("S0001 ", chapter) == kit.student_seed("s0001", chapter)
        assert json.dumps({k: np.asarray(v).tolist() for k, v in a.items()}) != \
            json.dumps({k: np.asarray(v).tolist() for k, v in b.items()})
        with pytest.raises(ValueError, match="student_id"):
            kit.my_data("...", chapter)
    # over a class, the data vary: not one shared answer
    zs = {(kit.my_data(f"s{i:04d}", "03_sigmoid_derivative")["a"], kit.my_data(f"s{i:04d}", "03_sigmoid_derivative")["b"])
          for i in range(60)}
    assert len(zs) >= 12


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_prompts_state_every_name_and_the_written_cells_are_editable(chapter):
    spec = load_spec(chapter)
    nb = graded_notebook(chapter)
    answers = kit.answers(chapter)
    for ex in spec.PROMPTS:
        prompt = next(c.source for c in nb.cells if c.metadata.get("kit", {}) == {"role": "prompt", "exercise": ex})
        for name, kind, _, meaning in answers[ex]:
            assert f"| `{name}` |" in prompt and meaning in prompt
        written = [c for c in nb.cells if c.metadata.get("kit", {}) == {"role": "written", "exercise": ex}]
        assert len(written) == 1 and written[0].metadata["editable"] is True
        answer = next(c.source for c in nb.cells if c.metadata.get("kit", {}) == {"role": "answer", "exercise": ex})
        assert spec.SOLUTIONS[ex] not in answer
        for ask, (_, points) in zip(spec.WRITTEN[ex]["ask"], spec.WRITTEN[ex]["rubric"]):
            assert f"{ask} ({points} point" in prompt and points > 0
    key = graded_notebook(chapter, key=True)
    assert all(s in "\n".join(c.source for c in key.cells) for s in spec.SOLUTIONS.values())


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_student_notebook_asks_for_each_step_and_shows_no_rubric(chapter):
    """The rubric states the results (some of them the very values the autograder scores): the student's notebook
    says what each step must show (`ask`), never the rubric's text nor the model answer; the key keeps the rubric."""
    spec = load_spec(chapter)
    student = "\n".join(c.source for c in graded_notebook(chapter).cells)
    key = "\n".join(c.source for c in graded_notebook(chapter, key=True).cells)
    for ex, w in spec.WRITTEN.items():
        for step, _ in w["rubric"]:
            after = step.split(":", 1)[1].strip() if ":" in step else ""
            for text in (step, after) if len(after) > 15 else (step,):
                assert text not in student, (ex, text)
            assert step in key, (ex, step)
        assert w["model"] not in student and w["model"] in key, ex
        assert len(w["ask"]) == len(w["rubric"]), ex
        for ask in w["ask"]:
            assert "=" not in ask and "≈" not in ask, (ex, ask)
            assert ask in student, (ex, ask)


# ------------------------------------------------------------------------------ the comparison

def test_the_comparison_is_the_graders_own_and_states_its_tolerance():
    source = (ROOT / "classroom" / "graded" / "compare.py").read_text()
    assert "import numpy" not in source and "np." not in source
    assert close([1.0, 2.0], [1.0, 2.0 * (1 + 5e-10)], rtol=1e-9, atol=0)[0]
    ok, why = close([1.0, 2.0], [1.0, 2.0 * (1 + 2e-9)], rtol=1e-9, atol=0)
    assert not ok and "entry 1" in why
    assert not close([1.0], [1.0, 2.0], rtol=1, atol=1)[0]
    assert not close([float("nan")], [1.0], rtol=1, atol=1)[0]
    assert log_close([1e-10], [5e-10], factor=10)[0] and not log_close([1e-12], [5e-10], factor=10)[0]


# ------------------------------------------------------------------------------ the gradebook

def test_the_gradebook_writes_a_csv_an_lms_imports_and_feedback_per_student(tmp_path):
    from classroom.gradebook import grade_folder

    chapter = "04_gradient_steps"
    subs = tmp_path / "subs"
    subs.mkdir()
    expected = {}
    for sid, kind in (("alice", "correct"), ("bob", "missing 1/m"), ("carol", "crash midway")):
        nb, exp = planted(chapter, student_id=sid)[kind]
        (subs / sid).mkdir()
        nbformat.write(nb, subs / sid / "whatever.ipynb")
        expected[sid] = exp
    nb, _ = planted(chapter, student_id="dave")["correct"]
    nbformat.write(nb, subs / "dave.ipynb")
    expected["dave"] = {"1": 2, "2": 2, "3": 2}
    out = tmp_path / "grades" / "grades.csv"
    grade_folder(subs, chapter, out, workers=2)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                      # UTF-8 with BOM: Excel, Canvas and Moodle
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["Student ID"] for r in rows] == sorted(expected)
    header = list(rows[0])
    assert header[0] == "Student ID" and header[-2] == "04 autograded total (6)" and header[-1] == "Notes"
    assert "04 exercise 1 written (4)" in header
    for r in rows:
        exp = expected[r["Student ID"]]
        assert {ex: float(r[f"04 exercise {ex} autograded (2)"]) for ex in exp} == {k: float(v) for k, v in exp.items()}
        assert float(r["04 autograded total (6)"]) == sum(exp.values())
        fb = (out.parent / "feedback" / f"{r['Student ID']}.md").read_text()
        assert "def " not in fb and "reference(" not in fb
        assert (out.parent / "written" / f"{r['Student ID']}.md").exists()
    assert "NameError: name 'lam' is not defined" in (out.parent / "feedback" / "carol.md").read_text()


def test_the_grader_zip_grades_from_its_own_files(tmp_path):
    """Unzipped into an empty folder, the zip grades the answer key in full, with no file of the repository."""
    from classroom.graded.package import GRADER_PACKAGES, grader_zip

    chapter = "03_sigmoid_derivative"
    z = grader_zip(chapter, tmp_path)
    root = tmp_path / "grader"
    with zipfile.ZipFile(z) as zf:
        zf.extractall(root)
        names = zf.namelist()
    assert {"setup.sh", "run_autograder", "requirements.txt", "README.md", "helpers/__init__.py",
            "classroom/graded/spec_03.py", "classroom/kit/data_03.py"} <= set(names)
    assert "classroom/graded/spec_04.py" not in names and "classroom/graded/planted.py" not in names
    reqs = (root / "requirements.txt").read_text().split()
    assert all("==" in r for r in reqs) and {r.split("==")[0] for r in reqs} == set(GRADER_PACKAGES)
    nbformat.write(graded_notebook(chapter, key=True, student_id="alice"), tmp_path / "alice.ipynb")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    # -I would drop the venv's site-packages' .pth for the editable helpers too: the zip's own helpers/ is first
    run = subprocess.run([sys.executable, "-m", "classroom.graded.grader", chapter, str(tmp_path / "alice.ipynb"),
                          "--id", "alice"], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "Autograded: **7 / 7** points." in run.stdout
    used = subprocess.run([sys.executable, "-c", "import classroom, helpers; print(classroom.__file__, helpers.__file__)"],
                          cwd=root, env=env, capture_output=True, text=True).stdout
    assert str(ROOT) not in used and str(root) in used


def test_the_teachers_page_states_the_points_the_specs_give():
    text = " ".join((ROOT / "book" / "teachers.md").read_text().split())
    for chapter in CHAPTERS:
        number = int(chapter[:2])
        spec = load_spec(chapter)
        auto = sum(spec.POINTS.values())
        written = sum(p for w in spec.WRITTEN.values() for _, p in w["rubric"])
        assert f"graded notebook of chapter {number} ({auto} points autograded, {written} by hand)" in text
    assert "Each chapter from 1 to 10 has a graded notebook" in text and len(CHAPTERS) == 10
    assert "`sample-submission/s1234567.ipynb` is one of them, with a sign error in g″: it scores 6 of 7." in text
