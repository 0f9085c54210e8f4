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


def _answered(chapter, edit=lambda exercise, source: source, sid=ID):
    """The graded notebook with the key's answers, each passed through edit(exercise, source)."""
    spec = load_spec(chapter)
    nb = graded_notebook(chapter, student_id=sid)
    for cell in nb.cells:
        kit_ = cell.metadata.get("kit", {})
        if kit_.get("role") == "answer":
            cell.source = edit(kit_["exercise"], spec.SOLUTIONS[kit_["exercise"]])
    return nb


def _write(tmp_path, nb, name="sub"):
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


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
    # the kit's own Colab and set-up cells are not the student's (the key is held: it is the public answer key)
    assert not [n for n in key.notes if "the code uses" in n], key.notes
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
    assert close([float("nan")], [1.0], rtol=1, atol=1) == (False, "the value is nan")    # one number: no index
    assert close([1.0, float("inf")], [1.0, 2.0], rtol=1, atol=1) == (False, "entry 1 is inf")
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
    expected["dave"] = {"1": 1, "2": 1, "3": 1}
    out = tmp_path / "grades" / "grades.csv"
    grade_folder(subs, chapter, out, workers=2)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                      # UTF-8 with BOM: Excel, Canvas and Moodle
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["Student ID"] for r in rows] == sorted(expected)
    header = list(rows[0])
    assert header[0] == "Student ID" and header[-3] == "04 autograded total (3)" and header[-1] == "Notes"
    assert header[-2] == "Held for review" and "04 exercise 1 written (5)" in header
    for r in rows:
        exp = expected[r["Student ID"]]
        assert {ex: float(r[f"04 exercise {ex} autograded (1)"]) for ex in exp} == {k: float(v) for k, v in exp.items()}
        assert float(r["04 autograded total (3)"]) == sum(exp.values())
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
    assert "Autograded: **4 / 4** points." in run.stdout
    # the unzipped grader's own files are guarded as the repository's are
    from classroom.graded.planted import steal_key
    nb = graded_notebook(chapter, student_id="bob")
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "1":
            cell.source = steal_key("03", "import io\n_src = io.open(_path).read()")
    nbformat.write(nb, tmp_path / "bob.ipynb")
    run = subprocess.run([sys.executable, "-m", "classroom.graded.grader", chapter, str(tmp_path / "bob.ipynb"),
                          "--id", "bob"], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert "Autograded: **0 / 4** points." in run.stdout and "tried to read the grader's files" in run.stdout
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
    assert ("`sample-submission/s1234567.ipynb` is one of them, with a sign error in g″: it scores 3 of 4, and the "
            "gradebook holds it for review" in text)


# ------------------------------------------------------------------------------ copies, the grader's files, held

def _answers(nb, chapter):
    from classroom.graded.grader import answer_tokens, cells_of
    return answer_tokens(cells_of(nb)[0], chapter=chapter)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_copy_of_the_public_key_is_flagged_and_an_independent_correct_answer_is_not(chapter):
    """The threshold: each chapter's "correct, another form" (written independently of the key) is not flagged; the
    planted "correct", which is the key itself, is, and so is the key with its names changed and comments added."""
    from classroom.graded.grader import key_copies

    subs = planted(chapter)
    other = next(name for name in subs if name.startswith("correct, another form"))
    assert key_copies(chapter, _answers(subs[other][0], chapter)) == []
    spec = load_spec(chapter)
    assert [ex for ex, _ in key_copies(chapter, _answers(subs["correct"][0], chapter))] == list(spec.SOLUTIONS)
    import re
    # names changed, comments added, the key's checks deleted (a teacher's lightly edited keys scored full marks)
    disguised = {ex: "# my own work\n" + "\n".join(
        line for line in re.sub(r"\bdata\b", "d", src).splitlines()
        if not line.lstrip().startswith(("assert", "np.testing"))).replace("\n", "   # step\n")
        for ex, src in spec.SOLUTIONS.items()}
    nb = graded_notebook(chapter, student_id=ID)
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer":
            cell.source = "d = data\n" + disguised[cell.metadata["kit"]["exercise"]]
    assert [ex for ex, _ in key_copies(chapter, _answers(nb, chapter))] == list(spec.SOLUTIONS)
    # the key in new cells the kit did not ship, after a comment that says my_data( (a teacher's hiding place)
    nb = graded_notebook(chapter, student_id=ID)
    for k in [i for i, c in enumerate(nb.cells) if c.metadata.get("kit", {}).get("role") == "answer"][::-1]:
        ex = nb.cells[k].metadata["kit"]["exercise"]
        nb.cells.insert(k + 1, nbformat.v4.new_code_cell("# data = my_data(STUDENT_ID, CHAPTER)\n" + spec.SOLUTIONS[ex]))
    assert [ex for ex, _ in key_copies(chapter, _answers(nb, chapter))] == list(spec.SOLUTIONS)
    # the key with its statements in reverse order (a teacher's key with two lines swapped per cell was not held)
    from classroom.graded.grader import answer_tokens, cells_of
    nb = graded_notebook(chapter, student_id=ID)
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer":
            blocks = []
            for line in spec.SOLUTIONS[cell.metadata["kit"]["exercise"]].splitlines():
                if blocks and line[:1].isspace():
                    blocks[-1] += "\n" + line          # an indented line stays with its statement
                else:
                    blocks.append(line)
            cell.source = "\n".join(reversed(blocks))
    cells = cells_of(nb)[0]
    assert [ex for ex, _ in key_copies(chapter, answer_tokens(cells, chapter=chapter),
                                       answer_tokens(cells, sort_lines=True, chapter=chapter))] == list(spec.SOLUTIONS)
    # the key padded with a line nothing reads after each statement, its checks deleted (a teacher's, 8/8 unheld)
    nb = graded_notebook(chapter, student_id=ID)
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer":
            kept = [line for line in spec.SOLUTIONS[cell.metadata["kit"]["exercise"]].splitlines()
                    if not line.lstrip().startswith(("assert", "np.testing", "print"))]
            cell.source = "\n".join(line + (f"\n_note{k} = {k} * 2 + len(str({k}))"
                                           if line and not line[0].isspace() and not line.rstrip().endswith(("\\", ",", "(", "["))
                                           and k + 1 < len(kept) and kept[k + 1][:1] not in (" ", ")", "]") else "")
                                    for k, line in enumerate(kept))
    cells = cells_of(nb)[0]
    padded = key_copies(chapter, answer_tokens(cells, chapter=chapter), answer_tokens(cells, True, chapter=chapter))
    assert [ex for ex, _ in padded] == list(spec.SOLUTIONS), padded


def test_the_public_key_copied_is_held_with_a_note_for_the_teacher_only(tmp_path):
    chapter = "03_sigmoid_derivative"
    nb = graded_notebook(chapter, key=True, student_id=ID)
    r = _grade(tmp_path, chapter, nb)
    assert r.total == sum(load_spec(chapter).POINTS.values())            # the points stand, held for review
    assert r.held
    for ex in ("1", "2", "3"):                                           # the teacher's notes (grades.csv) say why
        assert any(f"exercise {ex}'s answer code is nearly identical to the public answer key" in n for n in r.notes)
    text = feedback_markdown(r)                                          # the student's feedback only that it is held
    assert "held for review" in text and "nearly identical" not in text and "public answer key" not in text


def test_a_friends_notebook_under_another_id_holds_both_and_one_liners_flag_no_one(tmp_path):
    from classroom.gradebook import grade_folder

    chapter = "03_sigmoid_derivative"
    subs = tmp_path / "subs"
    subs.mkdir()
    mine, _ = planted(chapter, student_id="s0001")["correct, another form"]
    nbformat.write(mine, subs / "s0001.ipynb")
    nbformat.write(mine, subs / "s0002.ipynb")                   # the friend's, the ID left as it was
    for sid in ("s0003", "s0004"):                                # short answers written alike by two students
        nb, _ = planted(chapter, student_id=sid)["untouched"]
        for cell in nb.cells:
            if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "1":
                cell.source = "z_peak = -data['b'] / data['a']"
        nbformat.write(nb, subs / f"{sid}.ipynb")
    out = tmp_path / "out" / "grades.csv"
    results = {r.student_id: r for r in grade_folder(subs, chapter, out, workers=1)}
    assert results["s0001"].held and results["s0002"].held
    assert any("exercise 1's answer code is nearly identical to that of student s0002 (similarity 1.00)" in n
               for n in results["s0001"].notes), results["s0001"].notes
    assert any("nearly identical to that of student s0001 (similarity 1.00)" in n for n in results["s0002"].notes)
    assert not results["s0003"].held and not results["s0004"].held
    with open(out, encoding="utf-8-sig") as f:
        rows = {r["Student ID"]: r for r in csv.DictReader(f)}
    assert rows["s0001"]["Held for review"] == "yes" and rows["s0003"]["Held for review"] == ""
    assert rows["s0002"]["03 autograded total (4)"] == "4"                # the points are kept in grades.csv
    assert "s0001" in (out.parent / "feedback" / "s0002.md").read_text()


READS = {
    "getattr(__builtins__, 'op' + 'en')": "_b = __builtins__\n"
                                          "_o = _b['op' + 'en'] if isinstance(_b, dict) else getattr(_b, 'op' + 'en')\n"
                                          "_src = _o(_path).read()",
    "io.open": "import io\n_src = io.open(_path).read()",
    "pathlib": "import pathlib\n_src = pathlib.Path(_path).resolve().read_text()",
    "subprocess, spelled indirectly": "_m = vars(__builtins__) if not isinstance(__builtins__, dict) else __builtins__\n"
                                      "_sp = _m['__imp' + 'ort__']('sub' + 'process')\n"
                                      "_src = _sp.check_output(['cat', _path], text=True)",
    "os.system": "import os\nos.system('cp ' + _path + ' /tmp/x.py')\n_src = ''",
    # a teacher's: switch the guard off by reassigning the grading module's names, then read with io.open_code
    "the guard's names reassigned, io.open_code": "import sys, io\n"
                                                  "for _m in list(sys.modules.values()):\n"
                                                  "    if hasattr(_m, 'GRADER_DIR'):\n"
                                                  "        _m.GRADER_DIR = _m.GRADER_ROOT = '/nowhere'; _m.PROCESS_EVENTS = ('-',)\n"
                                                  "_src = io.open_code(_path).read().decode()",
    "the guard's names reassigned, os.posix_spawn": "import sys, os\n"
                                                     "for _m in list(sys.modules.values()):\n"
                                                     "    if hasattr(_m, 'PROCESS_EVENTS'):\n"
                                                     "        _m.PROCESS_EVENTS = ('-',)\n"
                                                     "os.posix_spawn('/bin/cp', ['cp', _path, '/tmp/x.py'], os.environ)\n"
                                                     "_src = ''",
}


@pytest.mark.parametrize("how", list(READS))
def test_reading_the_graders_files_or_starting_a_process_is_blocked_and_flagged(how, tmp_path):
    from classroom.graded.planted import steal_key

    chapter = "03_sigmoid_derivative"
    nb = graded_notebook(chapter, student_id=ID)
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "1":
            cell.source = steal_key("03", READS[how])
    r = _grade(tmp_path, chapter, nb)
    assert r.total == 0, r.lines
    what = "start a process" if "process" in how or "spawn" in how or "system" in how else "read the grader's files"
    assert r.held and any(f"the notebook tried to {what} (exercise 1)" in n for n in r.notes), r.notes
    assert "PermissionError" in feedback_markdown(r)


def test_no_file_outside_the_grading_folder_changes_and_the_secret_stays_with_the_teacher(tmp_path, monkeypatch):
    """A teacher's: a notebook wrote files outside its folder and put the secret (from its environment, or from
    the grader's /proc/<pid>/environ) into an error message, which the feedback echoed."""
    chapter = "03_sigmoid_derivative"
    target = tmp_path / "written-by-a-notebook.txt"
    secret = "teachers-own-phrase-42"
    monkeypatch.setenv("CLASSROOM_SECRET", secret)
    nb = graded_notebook(chapter, key=True, student_id=ID)
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "3":
            cell.source += (f"\nimport os\nopen({str(target)!r}, 'w').write('x')")
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "2":
            cell.source += "\nimport os\n_p = open(f'/proc/{os.getppid()}/environ', 'rb').read()"
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "1":
            # the child's environment has no secret; one typed in (guessed) is still never echoed back
            cell.source += f"\nimport os\nraise ValueError('env: ' + os.environ.get('CLASSROOM_SECRET', 'none') + ' {secret}')"
    path = tmp_path / "sub.ipynb"
    nbformat.write(nb, path)
    r = grade_notebook(path, chapter, ID, secret=secret)
    assert not target.exists()
    assert any("tried to write files outside its grading folder (exercise 3)" in n for n in r.notes), r.notes
    assert any("tried to read another process's memory or environment (exercise 2)" in n for n in r.notes), r.notes
    text = feedback_markdown(r)
    assert "ValueError: env: none [the teacher's secret]" in text, text
    assert secret not in text and secret not in " ".join(r.notes)


def test_the_guard_leaves_the_graders_own_machinery_working(tmp_path):
    """NumPy, SymPy, Matplotlib, the kit and the report still work under the audit hook; nothing is flagged."""
    chapter = "03_sigmoid_derivative"
    nb = graded_notebook(chapter, student_id=ID)
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer":
            cell.source = load_spec(chapter).SOLUTIONS[cell.metadata["kit"]["exercise"]]
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "2":
            cell.source = (load_spec(chapter).SOLUTIONS["2"]
                           + "\nimport matplotlib.pyplot as plt\nplt.plot([1, 2], [3, 4]); plt.close('all')\n"
                           "from kit import my_data, check\ncheck('2')")
    r = _grade(tmp_path, chapter, nb)
    assert not any("tried to" in n for n in r.notes), r.notes
    assert r.points == {"1": 2.0, "2": 0.0, "3": 2.0}, r.lines
    assert all(line.startswith("✓") for line in r.lines["2"]), r.lines["2"]


SECRETS = ["", "a", "b", "c", "d", "e", "f", "g"]


def test_03_accepts_every_correct_method_for_every_secret(tmp_path):
    """errors with the literal 1/(1 + e^(−z)) rounds differently from the helper (by 20x at some steps), and a
    numerical maximiser finds z_peak to about 10⁻⁸: both are right work, for any secret."""
    chapter = "03_sigmoid_derivative"
    spec = load_spec(chapter)
    literal = {"1": spec.SOLUTIONS["1"].replace("z_peak = -b / a", (
                   "from scipy.optimize import minimize_scalar\n"
                   "gp = sp.lambdify(z, sp.diff(σ.subs(z, a * z + b), z), 'numpy')\n"
                   "z_peak = minimize_scalar(lambda t: -gp(t), bounds=(-5, 5), method='bounded', "
                   "options={'xatol': 1e-12}).x")),
               "3": spec.SOLUTIONS["3"].replace("def central", "sig = lambda t: 1 / (1 + np.exp(-t))\n\ndef central")
                                       .replace("sigmoid", "sig")}
    nb = graded_notebook(chapter, student_id="s03-numpeak")
    for cell in nb.cells:
        kit_ = cell.metadata.get("kit", {})
        if kit_.get("role") == "answer":
            cell.source = literal.get(kit_["exercise"], spec.SOLUTIONS[kit_["exercise"]])
    path = tmp_path / "sub.ipynb"
    nbformat.write(nb, path)
    from classroom.graded.grader import Server
    server = Server()
    try:
        for secret in SECRETS:
            r = grade_notebook(path, chapter, "s03-numpeak", secret=secret, runner=server)
            assert r.points == {"1": 2.0, "2": 0.0, "3": 2.0}, (secret, r.lines)
    finally:
        server.close()
    # and the comparison itself, for many data sets: the helper, NumPy's and math's literal formulas
    import math

    from classroom.graded.grader import other_seed
    from helpers import sigmoid
    import kit.data_03 as data_03
    for secret in map(str, range(30)):
        d = spec.vary(data_03.data(other_seed(ID, chapter, secret)))
        ref = spec.reference(d, spec.probes(np.random.default_rng(0), d))
        for f in (sigmoid, lambda t: 1 / (1 + np.exp(-t)), lambda t: 1 / (1 + math.exp(-t))):
            z0 = d["z0"]
            errs = [abs((f(z0 + h) - f(z0 - h)) / (2 * h) - f(z0) * (1 - f(z0))) for h in d["steps"]]
            assert spec.compare("errors", errs, ref)[0], secret
            assert spec.compare("best", d["steps"][int(np.argmin(errs))], ref)[0], secret
        assert not spec.compare("errors", [e * 1.05 for e in ref["errors"]], ref)[0]     # wrong work still fails
        assert not spec.compare("z_peak", ref["z_peak"] + 1e-3, ref)[0]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_graders_public_reference_pasted_is_flagged_and_no_planted_answer_is(chapter):
    """A teacher pasted spec_NN.reference (public, like SOLUTIONS) into a notebook and called it: full marks, no
    flag. The share of its code found in the answers now flags it; no planted submission comes near."""
    import inspect

    from classroom.graded.grader import answer_tokens, cells_of, reference_copied

    spec = load_spec(chapter)
    pasted = inspect.getsource(spec.reference) + "".join(
        inspect.getsource(f) for n, f in vars(spec).items() if n.startswith("_") and inspect.isfunction(f)
        and f.__module__ == spec.__name__)
    nb = graded_notebook(chapter, student_id=ID)
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "1":
            cell.source = pasted.replace("reference", "my_helper") + "\nref = my_helper(data, {})\n"
    assert reference_copied(chapter, answer_tokens(cells_of(nb)[0])) is not None
    for kind, (planted_nb, _) in planted(chapter).items():
        assert reference_copied(chapter, answer_tokens(cells_of(planted_nb)[0])) is None, kind


def test_07s_numbers_are_too_many_for_a_table_of_answers():
    """A teacher's: 8 soft labels and 12 starts let one shared table of answers score 6 of 8."""
    seen = [kit.my_data(f"s{k:04d}", "07_non_convex_landscapes") for k in range(200)]
    assert len({d["y_soft"] for d in seen}) > 150 and len({tuple(d["start"]) for d in seen}) > 150
    xs = np.array([-4.0, 1.0, 2.0])                                     # the chapter's x: every start on the plateau
    assert all(np.all(np.abs(d["start"][0] + d["start"][1] * xs) >= 4) for d in seen)


def test_a_notebook_cannot_plant_a_module_for_the_next_ones(tmp_path):
    """A teacher's: one notebook wrote statistics.py into the shared grading folder (first on sys.path), and the
    correct notebooks graded after it by the same worker lost points. Each notebook now writes only in a folder of
    its own, which is not on sys.path."""
    from classroom.gradebook import grade_folder

    chapter = "04_gradient_steps"
    subs = tmp_path / "subs"
    subs.mkdir()
    saboteur = graded_notebook(chapter, student_id="a0")
    for cell in saboteur.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "1":
            cell.source = ("import sys, os\nfor _p in sys.path[:3] + [os.getcwd(), os.path.dirname(os.getcwd())]:\n"
                           "    try:\n        open(os.path.join(_p or '.', 'numpy_helpers_x.py'), 'w').write('X = 1')\n"
                           "        open(os.path.join(_p or '.', 'statistics.py'), 'w').write('fmean = lambda v: 0.0')\n"
                           "    except OSError:\n        pass")
    nbformat.write(saboteur, subs / "a0.ipynb")
    nb, expected = planted(chapter, student_id="b1")["correct, another form"]
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "1":
            cell.source += "\nimport statistics\nassert statistics.fmean([1.0, 3.0]) == 2.0"
    nbformat.write(nb, subs / "b1.ipynb")
    results = {r.student_id: r for r in grade_folder(subs, chapter, tmp_path / "out" / "grades.csv", workers=1)}
    assert {ex: results["b1"].points[ex] for ex in expected} == {ex: float(p) for ex, p in expected.items()}
    assert results["a0"].held


def test_10s_minimiser_found_by_any_method_run_far_enough_scores(tmp_path):
    """A teacher's: θ* from scipy's minimize with its defaults lost the point to an unstated 1e-7; the prompt now
    says 1e-4, and a BFGS run to a gradient below 1e-8 meets it."""
    chapter = "10_errata"
    source = load_spec(chapter).SOLUTIONS["1"].replace(
        "theta_star = fit_newton(X, y).theta",
        "import scipy.optimize\ntheta_star = scipy.optimize.minimize(lambda th: log_loss(th, X, y), np.zeros(3), "
        "jac=lambda th: log_loss_gradient(th, X, y), method='BFGS', options={'gtol': 1e-8}).x")
    assert "scipy" in source and "log_loss" in load_spec(chapter).SETUP
    r = _grade(tmp_path, chapter, _key_with(chapter, "1", source))
    assert any(line.startswith("✓") and "`theta_star`" in line for line in r.lines["1"]), r.lines["1"]


def test_a_notebook_can_neither_take_back_what_was_blocked_nor_see_the_other_data_set(tmp_path):
    """A teacher's: sys._getframe stays open (warnings need it), so a notebook walked the frames, cleared the guard's
    list of blocked attempts (refused, but no longer flagged) and found the grader's second data set in run 1."""
    chapter = "03_sigmoid_derivative"
    nb = graded_notebook(chapter, student_id=ID)
    walk = ("import sys\n"
            "try:\n    import os\n    open(os.path.realpath(sys.modules['kit'].__file__).replace('kit/__init__.py', 'graded/grader.py')).read()\n"
            "except Exception:\n    pass\n"
            "_f, _runs = sys._getframe(), 0\n"
            "while _f is not None:\n"
            "    for _v in list(_f.f_locals.values()):\n"
            "        if isinstance(_v, list):\n"
            "            _v.clear() if any(isinstance(_x, dict) and 'what' in _x for _x in _v) else None\n"
            "        if isinstance(_v, dict) and isinstance(_v.get('runs'), list):\n"
            "            _runs = max(_runs, len(_v['runs']))\n"
            "    _f = _f.f_back\n"
            "if _runs > 1:\n    raise RuntimeError('saw both data sets')\n")
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer":
            cell.source = load_spec(chapter).SOLUTIONS[cell.metadata["kit"]["exercise"]]
            if cell.metadata["kit"]["exercise"] == "1":
                cell.source = walk + cell.source
    r = _grade(tmp_path, chapter, nb)
    assert "saw both data sets" not in feedback_markdown(r)
    assert r.held and any("the notebook tried to read the grader's files (exercise 1)" in n for n in r.notes), r.notes
    assert r.points == {"1": 2.0, "2": 0.0, "3": 2.0}, r.lines


def test_nothing_a_notebook_reaches_switches_the_record_of_refusals_off(tmp_path):
    """A teacher's: through `now` (a local of the grader's frame) the notebook reached the guard's state and set its
    counter past the limit, or replaced builtins.any; the read of the grader's files that followed was refused
    and not flagged."""
    chapter = "03_sigmoid_derivative"
    nb = graded_notebook(chapter, student_id=ID)
    silence = ("import sys, builtins, os\n"
               "_f = sys._getframe()\n"
               "while _f is not None:\n"
               "    _now = _f.f_locals.get('now')\n"
               "    for _c in (getattr(_now, '__closure__', None) or ()):\n"
               "        if isinstance(_c.cell_contents, dict):\n"
               "            _c.cell_contents.update(student=False, written=99, exercise=None)\n"
               "    _f = _f.f_back\n"
               "builtins.any = lambda *a: False\n"
               "try:\n    open(os.path.realpath(sys.modules['kit'].__file__).replace('kit/__init__.py', "
               "'graded/grader.py')).read()\nexcept Exception:\n    pass\n")
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "1":
            cell.source = silence
    r = _grade(tmp_path, chapter, nb)
    assert any("the notebook tried to read the grader's files" in n for n in r.notes), r.notes


def test_the_second_data_set_never_reaches_the_feedback(tmp_path):
    """A teacher's: a class named after the data made the type error of run 2 print the second data set."""
    chapter = "03_sigmoid_derivative"
    spec = load_spec(chapter)
    nb = graded_notebook(chapter, student_id=ID)
    leak = ("\nimport kit\nfrom kit import data_03\n_d = kit.my_data()\n"
            "if repr(_d) != repr(data_03.data(kit.student_seed(STUDENT_ID, '03_sigmoid_derivative'))):\n"
            "    z_peak = type('DATA2=' + repr(_d), (), {})()\n")
    for cell in nb.cells:
        kit_ = cell.metadata.get("kit", {})
        if kit_.get("role") == "answer":
            cell.source = spec.SOLUTIONS[kit_["exercise"]]
            if kit_["exercise"] == "1":
                cell.source += leak
    r = _grade(tmp_path, chapter, nb)
    text = feedback_markdown(r)
    assert "DATA2" not in text and "DATA2" not in " ".join(r.notes), text
    assert r.points["1"] < 2, r.lines


def test_a_derivation_typed_after_the_placeholder_or_in_a_new_cell_is_marked(tmp_path):
    """A teacher's: both showed as "(nothing written)" in written/ID.md, the manual grading route."""
    from classroom.gradebook import written_markdown

    chapter = "03_sigmoid_derivative"
    nb = graded_notebook(chapter, student_id=ID)
    out = []
    for cell in nb.cells:
        out.append(cell)
        kit_ = cell.metadata.get("kit", {})
        if kit_.get("role") == "written" and kit_["exercise"] == "1":
            cell.source += "\n\nStep 1: my own words after the placeholder."
        if kit_.get("role") == "written" and kit_["exercise"] == "2":
            out.append(nbformat.v4.new_markdown_cell("Step 1: my derivation in a cell of my own."))
    nb.cells = out
    r = _grade(tmp_path, chapter, nb)
    text = written_markdown(r, load_spec(chapter))
    assert "my own words after the placeholder" in text and "double-click" not in text
    assert "my derivation in a cell of my own" in text
    assert text.count("(nothing written)") == 1, text


def test_one_exercise_alike_is_a_remark_two_or_the_key_verbatim_a_hold(tmp_path):
    """A teacher's: chapter 09's exercise 3 names every call, so an honest answer matched the key at 0.91 and was
    held (and left blank in Canvas); a copied notebook is alike in more than one exercise."""
    from classroom.graded.planted_09 import OTHER

    chapter = "09_numerical_stability"
    spec = load_spec(chapter)
    # honest: the key's calls, as the prompt names them, without showing the values at the end (0.91 alike); one
    # exercise that is the key verbatim holds by itself (a teacher's copy had one exercise at 0.94, the other rewritten)
    honest = spec.SOLUTIONS["3"].replace("\nH_naive, H_stable, newton_step", "")
    for name, answers, held in (("honest", {"1": OTHER["1"], "2": OTHER["2"], "3": honest}, False),
                                ("verbatim", {"1": OTHER["1"], "2": OTHER["2"], "3": spec.SOLUTIONS["3"]}, True),
                                ("copied", {"1": spec.SOLUTIONS["1"], "2": OTHER["2"], "3": honest}, True)):
        nb = graded_notebook(chapter, student_id=ID)
        for cell in nb.cells:
            kit_ = cell.metadata.get("kit", {})
            if kit_.get("role") == "answer":
                cell.source = answers[kit_["exercise"]]
        r = _grade(tmp_path, chapter, nb, name=name)
        assert r.held == held, (name, r.notes)
        assert any("exercise 3's answer code is nearly identical to the public answer key" in n
                   for n in r.remarks + r.flags), (name, r.remarks)
        assert "answer key" not in feedback_markdown(r)


def test_a_key_hidden_in_base64_is_flagged():
    """A teacher's: exec(base64.b64decode(...)) of the key is 15 tokens, too short for the copy check."""
    import base64

    from classroom.graded.grader import suspect_uses
    chapter = "04_gradient_steps"
    hidden = base64.b64encode(load_spec(chapter).SOLUTIONS["1"].encode()).decode()
    cells = [{"exercise": "1", "role": "answer", "source": f"import base64\nexec(base64.b64decode('{hidden}'))"}]
    assert {"exec(", "base64"} <= set(suspect_uses(chapter, cells))
    honest = [{"exercise": "1", "role": "answer", "source": "import re\nr = re.compile('x')\nv = sp.N(expr).evalf()"}]
    assert suspect_uses(chapter, honest) == []
    # exec reached without its name, the key in a string built in pieces (a teacher's, not held before)
    key = load_spec(chapter).SOLUTIONS["1"]
    pieces = " + ".join(repr(key[k:k + 40]) for k in range(0, len(key), 40))
    for run in ("import builtins\ngetattr(builtins, 'ex' + 'ec')(code, globals())",
                "getattr(vars()['__buil' + 'tins__'], 'ex' + 'ec')(code)",
                "f = lambda: None\nf.__code__ = compile(code, 'c', 'exec')"):
        cells = [{"exercise": "1", "role": "answer", "source": f"code = {pieces}\n{run}"}]
        assert suspect_uses(chapter, cells), run


@pytest.mark.parametrize("runner", ["server", "process"])
def test_an_endless_loop_in_the_last_exercise_keeps_the_points_of_the_others(tmp_path, runner):
    """A teacher's: one runaway loop in exercise 3 gave 0 for all three exercises ("nothing could be graded")."""
    from classroom.graded.grader import Server, run_child

    chapter = "03_sigmoid_derivative"
    nb = _answered(chapter, lambda ex, src: src + ("\nwhile True:\n    pass" if ex == "3" else ""))
    path = tmp_path / "loop.ipynb"
    nbformat.write(nb, path)
    server = Server() if runner == "server" else None
    try:
        r = grade_notebook(path, chapter, ID, timeout=15, runner=server or run_child)
    finally:
        if server:
            server.close()
    assert r.points == {"1": 2.0, "2": 0.0, "3": 0.0}, r.lines
    assert any("ran longer than 15 s" in n and "graded on what they computed" in n for n in r.notes), r.notes
    assert any("was not reached" in line for line in r.lines["3"]), r.lines["3"]
    assert not any("second data set" in m for m in r.remarks), r.remarks   # it loops with every data set (a teacher's)


def test_a_second_data_set_whose_reference_fails_is_drawn_again(monkeypatch):
    """The fresh-clone run: with a random secret, chapter 08's reference met a singular Hessian on one second data set,
    and a right notebook scored 0 (the gradebook held it). Such a draw is skipped."""
    import classroom.graded.grader as grader
    from kit import student_seed

    chapter = "08_canonical_link"
    spec = load_spec(chapter)
    data_mod = __import__(f"kit.data_{chapter[:2]}", fromlist=["data"])
    data1 = data_mod.data(student_seed(ID, chapter))
    calls = []
    real = spec.reference

    def failing_once(d, probes):
        calls.append(d is data1)
        if d is not data1 and calls.count(False) == 1:
            raise np.linalg.LinAlgError("Singular matrix")
        return real(d, probes)

    monkeypatch.setattr(spec, "reference", failing_once)
    seed2, data2, probes, refs = grader.second_data(spec, data_mod, ID, chapter, "a secret", data1)
    assert calls.count(False) > 1 and len(refs) == 2                          # drawn again, and a reference for both


def test_magics_are_skipped_but_a_timed_statement_and_percent_formatting_run(tmp_path):
    """A teacher's: `%time name = …` lost its assignment, and a continuation line starting with `%` (old-style string
    formatting) was taken for a magic, which broke a right cell (0 of 3)."""
    chapter = "03_sigmoid_derivative"

    def edit(ex, src):
        lines = src.splitlines()
        first = next(k for k, line in enumerate(lines) if "=" in line and not line.startswith((" ", "#")))
        lines[first] = "%time " + lines[first]
        return ("%matplotlib inline\n!echo hello\n" + "\n".join(lines)
                + '\nprint("checked: %s"\n      % ("yes",))\n')
    r = _grade(tmp_path, chapter, _answered(chapter, edit))
    assert r.points == {"1": 2.0, "2": 0.0, "3": 2.0}, r.lines     # full marks (exercise 2 is checked, not scored)
    assert not any("SyntaxError" in line or "NameError" in line for lines in r.lines.values() for line in lines)


def test_a_loop_only_with_the_second_data_set_is_told_to_the_teacher(tmp_path):
    """A teacher's: a notebook that looped only on the grader's second data set left no note, and its feedback said
    the cell "raised an error" there."""
    chapter = "03_sigmoid_derivative"
    loop = ("\nimport numpy as _np\nfrom kit import student_seed as _seed\nimport kit.data_03 as _d\n"
            "_mine = _d.data(_seed(STUDENT_ID, CHAPTER))\n"
            "if any(not _np.array_equal(_np.asarray(_mine[k]), _np.asarray(data[k])) for k in data):\n"
            "    while True:\n        pass\n")
    nb = _answered(chapter, lambda ex, src: src + (loop if ex == "3" else ""))
    path = tmp_path / "second.ipynb"
    nbformat.write(nb, path)
    r = grade_notebook(path, chapter, ID, timeout=15)
    assert r.points["1"] == 2.0 and r.points["3"] == 0.0, r.lines
    assert any("stopped by the time limit with the grader's second data set" in m for m in r.remarks), r.remarks
    assert "ran past the time limit" in " ".join(r.lines["3"]) and "time limit with the grader's second" not in \
        feedback_markdown(r)                                  # the remark is the teacher's


def test_a_notebook_that_replaces_os_write_is_graded_and_the_next_one_too(tmp_path):
    """A teacher's: os.write patched to add a byte left the report without its newline; the gradebook waited
    forever, and no one in the class got a grade."""
    from classroom.gradebook import grade_folder

    chapter = "03_sigmoid_derivative"
    spec = load_spec(chapter)
    subs = tmp_path / "subs"
    subs.mkdir()
    for sid, patch in (("s0001", "import os\n_w = os.write\nos.write = lambda fd, b: _w(fd, b + b'~')\n"), ("s0002", "")):
        nb = graded_notebook(chapter, student_id=sid)
        for cell in nb.cells:
            kit_ = cell.metadata.get("kit", {})
            if kit_.get("role") == "answer":
                cell.source = (patch if kit_["exercise"] == "1" else "") + spec.SOLUTIONS[kit_["exercise"]]
        nbformat.write(nb, subs / f"{sid}.ipynb")
    results = grade_folder(subs, chapter, tmp_path / "grades" / "grades.csv", workers=1, secret="x", timeout=30)
    assert [r.total for r in results] == [4.0, 4.0], [r.lines for r in results]


def test_sqlite_cannot_write_outside_the_grading_folder(tmp_path):
    """A teacher's: sqlite3 wrote a database beside the submissions, past the "open" audit event, unflagged."""
    chapter = "03_sigmoid_derivative"
    target = tmp_path / "written-by-sqlite.db"
    nb = graded_notebook(chapter, key=True, student_id=ID)
    for cell in nb.cells:
        if cell.metadata.get("kit", {}).get("role") == "answer" and cell.metadata["kit"]["exercise"] == "1":
            cell.source += f"\nimport sqlite3\nsqlite3.connect({str(target)!r}).execute('create table t (x)')"
    r = _grade(tmp_path, chapter, nb)
    assert not target.exists()
    assert any("tried to write files outside its grading folder (exercise 1)" in n for n in r.notes), r.notes


def test_another_students_id_in_the_notebook_is_held_and_the_placeholder_is_not(tmp_path):
    chapter = "03_sigmoid_derivative"
    friend = _grade(tmp_path, chapter, graded_notebook(chapter, student_id="s7654321"), name="friend")
    assert friend.held and any("STUDENT_ID is 's7654321'" in f for f in friend.flags), friend.flags
    untouched = _grade(tmp_path, chapter, graded_notebook(chapter), name="untouched")
    assert not untouched.held and any("STUDENT_ID is still the placeholder" in n for n in untouched.notes), untouched.notes


def test_without_a_secret_the_second_data_set_is_random_and_right_answers_score_the_same(monkeypatch, capsys):
    from classroom.graded.grader import secret_or_random
    assert secret_or_random("mine") == "mine"
    a, b = secret_or_random(""), secret_or_random("")
    assert a and b and a != b
    assert "No CLASSROOM_SECRET" in capsys.readouterr().err


def test_a_crash_is_not_an_attempt_on_the_graders_files(tmp_path):
    """A teacher's: every notebook that raised was held as "tried to read the grader's files" (the traceback's
    source lookup read child.py, which the guard refuses)."""
    chapter = "02_designing_log_loss"
    nb = _answered(chapter, lambda ex, src: "x = 1 / 0" if ex == "1" else src)
    r = _grade(tmp_path, chapter, nb)
    assert not any("tried to" in n for n in r.notes + r.flags), r.notes
    assert any("ZeroDivisionError" in line and "x = 1 / 0" in line for line in r.lines["1"]), r.lines["1"]


@pytest.mark.parametrize("how", ["role setup", "role check", "before the first exercise"])
def test_the_key_under_another_role_or_in_an_earlier_cell_is_still_compared(tmp_path, how):
    """A teacher's: the key verbatim with its cells' role set to "setup" in the metadata scored full marks, unheld."""
    chapter = "06_minimising"
    spec = load_spec(chapter)
    nb = graded_notebook(chapter, student_id=ID)
    cells = []
    for cell in nb.cells:
        kit_ = cell.metadata.get("kit", {})
        if kit_.get("role") == "answer":
            if how == "before the first exercise":
                cell.source = ""
            else:
                cell.source = spec.SOLUTIONS[kit_["exercise"]]
                kit_["role"] = how.split()[1]
        if kit_.get("role") == "setup" and how == "before the first exercise":
            cells.append(cell)
            cell = nbformat.v4.new_code_cell("\n\n".join(spec.SOLUTIONS.values()))
        cells.append(cell)
    nb.cells = cells
    r = _grade(tmp_path, chapter, nb)
    assert r.held and any("nearly identical to the public answer key" in f for f in r.flags), (r.notes, r.remarks)


def test_a_forged_report_scores_nothing_and_stops_no_one(tmp_path):
    """A teacher's: json.dumps replaced to print an empty report; the gradebook died with a KeyError, with no grades
    for anyone."""
    from classroom.gradebook import grade_folder

    chapter = "03_sigmoid_derivative"
    subs = tmp_path / "subs"
    subs.mkdir()
    forge = "import json\njson.dumps = lambda *a, **k: '{\"runs\": [{\"values\": {}, \"errors\": []}]}'\n"
    nbformat.write(_answered(chapter, lambda ex, src: forge if ex == "1" else src, sid="s0001"), subs / "s0001.ipynb")
    nbformat.write(_answered(chapter, sid="s0002"), subs / "s0002.ipynb")
    results = {r.student_id: r for r in grade_folder(subs, chapter, tmp_path / "g" / "grades.csv", workers=1,
                                                     secret="x", timeout=30)}
    assert results["s0001"].total == 0 and results["s0002"].total == 4, results["s0001"].lines


def test_a_second_data_set_never_has_the_first_ones_answers(tmp_path):
    """A teacher's: chapter 03 draws a and b from 24 pairs, so a typed-in z_peak scored for 1 student in 24; and a
    fixed index into the steps scored for 89 %."""
    from classroom.graded.grader import _same_answer, other_seed
    from kit import student_seed
    from kit import data_03 as d03

    spec = load_spec("03_sigmoid_derivative")
    collide = 0
    for i in range(200):
        sid = f"s{i:04d}"
        d1 = d03.data(student_seed(sid, "03_sigmoid_derivative"))
        seed2 = other_seed(sid, "03_sigmoid_derivative", "x")
        d2 = spec.vary(d03.data(seed2))
        probes = spec.probes(np.random.default_rng(seed2), d1)
        if _same_answer(spec, [spec.reference(d, probes) for d in (d1, d2)]) and not collide:
            collide = (sid, d1)
        assert d2["steps"][4] != 3 * d1["steps"][4]
    assert collide              # the first draw can repeat the answers: grade_notebook then draws again
    sid, d1 = collide
    typed = f"z_peak = {-d1['b'] / d1['a']!r}"
    r = grade_notebook(_write(tmp_path, _answered("03_sigmoid_derivative", lambda ex, src: typed if ex == "1" else "",
                                                  sid=sid)), "03_sigmoid_derivative", sid, secret="x")
    assert r.points["1"] == 0 and any("`z_peak` does not match" in line for line in r.lines["1"]), r.lines["1"]


def test_a_derivation_in_the_prompt_cell_or_an_image_is_marked_and_a_missing_one_is_said(tmp_path):
    from classroom.gradebook import written_markdown

    chapter = "05_same_update_rule"
    nb = _answered(chapter)
    for cell in nb.cells:
        kit_ = cell.metadata.get("kit", {})
        if kit_.get("role") == "prompt" and kit_["exercise"] == "1":
            cell.source += "\n\nMy derivation: step one, typed into the prompt."
        if kit_.get("role") == "written" and kit_["exercise"] == "2":
            cell.source = "![photo](attachment:page.png)"
            cell["attachments"] = {"page.png": {"image/png": "iVBORw0KGgo="}}
    r = _grade(tmp_path, chapter, nb)
    text = written_markdown(r, load_spec(chapter))
    assert "step one, typed into the prompt" in text and "an image is attached" in text
    assert "No written derivation was found" in feedback_markdown(r)


def test_the_answer_key_beside_the_grader_cannot_be_read(tmp_path):
    """A teacher's: a notebook read answer-key/…ipynb from the book's _build while it was graded."""
    key = tmp_path / "kit" / "answer-key"
    key.mkdir(parents=True)
    (key / "03_sigmoid_derivative.ipynb").write_text("{}")
    nb = _answered("03_sigmoid_derivative",
                   lambda ex, src: src + (f"\ntry:\n    open({str(key / '03_sigmoid_derivative.ipynb')!r}).read()\n"
                                          "except PermissionError:\n    pass" if ex == "1" else ""))
    r = _grade(tmp_path, "03_sigmoid_derivative", nb)
    assert any("tried to read a notebook or the answer key (exercise 1)" in n for n in r.notes), r.notes


def test_a_notebook_cannot_signal_the_grader():
    """A teacher's: os.kill(os.getppid(), SIGSTOP) froze the grading server, and the whole class's run with it."""
    from classroom.gradebook import grade_folder
    import tempfile
    from pathlib import Path

    chapter = "03_sigmoid_derivative"
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "subs"
        subs.mkdir()
        stop = "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\n"
        nbformat.write(_answered(chapter, lambda ex, src: stop + src if ex == "1" else src, sid="s0001"),
                       subs / "s0001.ipynb")
        nbformat.write(_answered(chapter, sid="s0002"), subs / "s0002.ipynb")
        results = {r.student_id: r for r in grade_folder(subs, chapter, Path(tmp) / "g" / "grades.csv", workers=1,
                                                         secret="x", timeout=20)}
    assert results["s0002"].total == 4
    assert any("tried to signal another process" in n for n in results["s0001"].notes), results["s0001"].notes


def test_a_typed_in_parameter_that_the_second_data_set_repeats_is_drawn_away():
    """A teacher's: chapter 10's α is one of four values; a typed-in α = 0.1 scored when the second data set drew
    the same α. The second data set now differs in every number that varies between draws."""
    from classroom.graded.grader import other_seed, second_data
    from kit import data_10 as d10
    from kit import student_seed

    spec, repeats = load_spec("10_errata"), 0
    for i in range(60):
        sid = f"s{i:04d}"
        d1 = d10.data(student_seed(sid, "10_errata"))
        repeats += spec.vary(d10.data(other_seed(sid, "10_errata", "x")))["alpha"] == d1["alpha"]
        _, d2, _, _ = second_data(spec, d10, sid, "10_errata", "x", d1)
        assert d2["alpha"] != d1["alpha"], sid
    assert repeats > 0                       # the first draw alone would repeat α for some IDs
