"""The gradebook's Canvas route: the import CSV built from the course's own Canvas export."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classroom.gradebook import canvas_import  # noqa: E402

EXPORT = [  # the shape of Canvas's Grades → Export (its first columns, the Points Possible row, an assignment)
    ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Quiz 1 (1201)", "Current Score"],
    ["    Points Possible", "", "", "", "", "10.00", "(read only)"],
    ["Lovelace, Ada", "5001", "s1001", "ada@uni.example", "Section A", "9.00", "90.00"],
    ["Turing, Alan", "5002", "s1002", "alan@uni.example", "Section A", "7.00", "70.00"],
    ["Noether, Emmy", "5003", "s1003", "emmy@uni.example", "Section B", "", ""],
]


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "export.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as f:   # Canvas writes a byte-order mark
        csv.writer(f).writerows(EXPORT)
    return path


def test_canvas_gets_its_own_columns_the_points_row_and_one_total_per_student(export, tmp_path):
    out = tmp_path / "canvas.csv"
    key, missing = canvas_import(export, {"s1001": 5.0, "s1003": 6.5, "s9999": 2.0}, "03 (autograded)", 6, out)
    assert key == "SIS User ID" and missing == ["s9999"]
    rows = _rows(out)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "03 (autograded)"]
    assert rows[1] == ["Points Possible", "", "", "", "", "6"]
    assert rows[2] == ["Lovelace, Ada", "5001", "s1001", "ada@uni.example", "Section A", "5"]
    assert rows[3][-1] == ""                  # no submission: blank, so Canvas leaves the grade as it is
    assert rows[4] == ["Noether, Emmy", "5003", "s1003", "emmy@uni.example", "Section B", "6.5"]
    assert len(rows) == 5                     # the other assignments and read-only columns are not re-imported


def test_canvas_matches_the_column_that_holds_the_ids(export, tmp_path):
    out = tmp_path / "canvas.csv"
    key, missing = canvas_import(export, {"alan@uni.example": 4.0}, "x", 6, out)
    assert key == "SIS Login ID" and missing == []
    assert _rows(out)[3][-1] == "4"
    key, _ = canvas_import(export, {"5002": 4.0}, "x", 6, out, id_column="ID")
    assert key == "ID" and _rows(out)[3][-1] == "4"


def test_canvas_refuses_a_file_that_is_not_its_export(tmp_path):
    bad = tmp_path / "grades.csv"
    bad.write_text("Student ID,total\ns1,3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a gradebook exported from Canvas"):
        canvas_import(bad, {"s1": 3}, "x", 6, tmp_path / "out.csv")
    good = tmp_path / "export.csv"
    good.write_text("Student,ID\n", encoding="utf-8")
    with pytest.raises(ValueError, match="id_column"):
        canvas_import(good, {}, "x", 6, tmp_path / "out.csv", id_column="Email")


def test_the_command_writes_canvas_csv_beside_the_gradebook(export, tmp_path, capsys):
    import nbformat

    from classroom.gradebook import main
    from classroom.graded.planted import planted

    subs = tmp_path / "subs"
    subs.mkdir()
    nb, expected = planted("04_gradient_steps", student_id="s1002")["correct, another form"]
    nbformat.write(nb, subs / "s1002.ipynb")
    nb, _ = planted("04_gradient_steps", student_id="s1003")["correct"]       # the public answer key: held
    nbformat.write(nb, subs / "s1003.ipynb")
    out = tmp_path / "grades" / "grades.csv"
    assert main([str(subs), "--chapter", "04_gradient_steps", "--out", str(out), "--workers", "1",
                 "--canvas", str(export), "--canvas-assignment", "Lab 4"]) == 0
    rows = _rows(out.parent / "canvas.csv")
    assert rows[0][-1] == "Lab 4" and rows[1][-1] == "3"
    assert [r[-1] for r in rows[2:]] == ["", f"{sum(expected.values()):g}", ""]   # s1003 held: blank
    printed = capsys.readouterr().out
    assert "matched on Canvas's 'SIS User ID'" in printed
    assert "held for review (left blank in canvas.csv" in printed and "s1003" in printed.split("held for review")[1]
    with open(out, encoding="utf-8-sig") as f:
        held = {r["Student ID"]: r["Held for review"] for r in csv.DictReader(f)}
    assert held == {"s1002": "", "s1003": "yes"}
    import hashlib                                  # the checksums, for the teacher to compare before importing
    for path in (out, out.parent / "canvas.csv"):
        assert f"sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}  {path}" in printed


def test_canvas_leaves_a_held_student_blank_and_matches_ids_ignoring_case_and_spaces(export, tmp_path):
    """The teacher's "S03-SIGN" against Canvas's "s03-sign" stayed blank; a held student's points must not reach
    Canvas (blank: Canvas changes nothing)."""
    out = tmp_path / "canvas.csv"
    key, missing = canvas_import(export, {"S1001": 5.0, " s1002 ": 4.0, "s1003": 6.5}, "x", 6, out,
                                 held={"S1003"})
    assert key == "SIS User ID" and missing == []
    assert [r[-1] for r in _rows(out)[2:]] == ["5", "4", ""]


def test_two_students_alike_in_one_exercise_are_a_remark_in_two_a_hold():
    from classroom.gradebook import flag_pairs
    from classroom.graded import similarity
    from classroom.graded.grader import Result

    same = similarity.tokens("\n".join(f"value_{k} = np.linalg.solve(H_stable, -gradient(theta, X, y)) * {k}"
                                       for k in range(6)))
    other = [similarity.tokens(f"z{k} = np.sum([w * {k} for w in range({k + 9})]) / len(data) + {k}")
             for k in range(4)]
    rs = [Result("09_numerical_stability", sid, max_points={"1": 1, "2": 1, "3": 1}) for sid in ("a", "b", "c")]
    rs[0].answers = {"1": other[0], "3": same}
    rs[1].answers = {"1": other[1], "3": same}              # alike with a in exercise 3 only
    rs[2].answers = {"1": other[0], "3": same}              # alike with a in exercises 1 and 3
    flag_pairs(rs)
    assert rs[0].held and rs[2].held and not rs[1].held
    assert any("nearly identical to that of student" in m for m in rs[1].remarks)


def test_an_empty_folder_is_an_error_not_an_empty_gradebook(tmp_path, capsys):
    """A teacher's: an empty folder wrote a canvas.csv with blank grades and "Points Possible 0"."""
    from classroom.gradebook import main
    (tmp_path / "subs").mkdir()
    with pytest.raises(SystemExit):
        main([str(tmp_path / "subs"), "--chapter", "03_sigmoid_derivative", "--out", str(tmp_path / "g" / "grades.csv")])
    assert "no notebook" in capsys.readouterr().err
    assert not (tmp_path / "g").exists()
