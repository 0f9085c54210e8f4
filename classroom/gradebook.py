"""Grade a folder of submissions of one chapter and write a gradebook CSV and one feedback file per student.

    python -m classroom.gradebook submissions/ --chapter 03_sigmoid_derivative --out grades.csv [--workers 2]

A submission is `submissions/<ID>.ipynb` or `submissions/<ID>/<anything>.ipynb`: the ID is the file's stem or
its folder's name (an LMS export renamed to IDs; see the teachers' page). Each worker (one per core by default)
keeps a warm Python process with NumPy, SymPy and the helpers imported, which forks a fresh child per submission:
the child runs the submission, and the grader compares what it reports with its own reference, in this process.

Writes:
  grades.csv      one row per student: ID, points of each exercise (autograded), an empty column per written
                  derivation (to fill in by hand), the autograded total, "Held for review" (yes: a flag in the notes,
                  such as answer code nearly identical to the public key or to another submission), the notes. Comma-separated, UTF-8 with a byte-order
                  mark: Moodle imports it (Grades → Import → CSV file; map "Student ID" to the ID number).
  canvas.csv      with --canvas EXPORT.csv (the course's gradebook exported from Canvas: Grades → Export): Canvas's
                  own columns (Student, ID, SIS User ID, SIS Login ID, Section) and its "Points Possible" row, then
                  one new column, the autograded total, matched on the export's column that holds the IDs; Canvas
                  imports it (Grades → Import) as a new assignment. A student of the export with no submission is
                  left blank (Canvas leaves the grade unchanged), and so is one held for review (its
                  ID printed); a submission whose ID is not in the export is named. IDs match ignoring case and spaces.
  feedback/<ID>.md  per student: their points, what was compared and their own errors (no test code, no reference
                  values), the rubric of each written derivation.
  written/<ID>.md   per student: their written derivations with the rubric, for marking by hand.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from classroom.graded import similarity  # noqa: E402
from classroom.graded import spec as load_spec  # noqa: E402
from classroom.graded.grader import (  # noqa: E402
    ALIKE_TO_HOLD, ONE_ALIKE, Result, Server, feedback_markdown, grade_notebook, secret_or_random)


def submissions(folder: Path) -> list[tuple[str, Path]]:
    """(student ID, notebook) for every submission in the folder, sorted by ID."""
    out = {}
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        sid = path.stem if path.parent == folder else path.relative_to(folder).parts[0]
        if sid in out:
            raise ValueError(f"folder: two notebooks for the student {sid!r}: {out[sid]} and {path}")
        out[sid] = path
    return sorted(out.items())


def written_markdown(r: Result, spec) -> str:
    out = [f"# Written derivations: {r.chapter}, student {r.student_id}", ""]
    for ex, w in spec.WRITTEN.items():
        total = sum(p for _, p in w["rubric"])
        out += [f"## Exercise {ex}: {spec.TITLES[ex]} (out of {total})", "", "Rubric:", ""]
        out += [f"- [ ] {p}: {s}" for s, p in w["rubric"]]
        answer = (r.written.get(ex) or "").strip()
        blank = not answer
        out += ["", "The student's answer:", "", "> " + ("(nothing written)" if blank else answer.replace("\n", "\n> ")), ""]
    return "\n".join(out)


CANVAS_KEYS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS = "Points Possible"


def _norm(sid: str) -> str:
    """An ID as the grader compares IDs: case and surrounding spaces ignored."""
    return sid.strip().lower()


def canvas_import(export: Path, totals: dict[str, float], column: str, points: float, out: Path,
                  id_column: str | None = None, held: set | frozenset = frozenset()) -> tuple[str, list[str]]:
    """Write Canvas's import CSV: the export's identifying columns and rows, one new column `column`.

    Returns (the export's column the IDs were matched on, the IDs of submissions not in the export). The ID column
    is `id_column`, or else whichever of SIS User ID, SIS Login ID and ID matches the most submission IDs. IDs match
    whatever their case and surrounding spaces. A student in `held` (flagged for review) is left blank, as one with
    no submission: Canvas leaves their grade unchanged until the teacher has read the notebook."""
    by_id = {_norm(k): v for k, v in totals.items()}
    held_ids = {_norm(k) for k in held}
    with open(export, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    if not rows or not {"Student", "ID"} <= set(rows[0]):
        raise ValueError(f"canvas: {export} is not a gradebook exported from Canvas (no Student and ID columns)")
    header, body = rows[0], rows[1:]
    keep = [header.index(k) for k in CANVAS_KEYS if k in header]
    candidates = [id_column] if id_column else [k for k in ("SIS User ID", "SIS Login ID", "ID") if k in header]
    if id_column and id_column not in header:
        raise ValueError(f"id_column: {id_column!r} is not a column of {export} ({', '.join(header)})")
    students = [r for r in body if r and CANVAS_POINTS not in r[0] and "Muted" not in r[0] and len(r) >= len(keep)]
    ids = lambda k: {_norm(r[header.index(k)]) for r in students}  # noqa: E731
    key = max(candidates, key=lambda k: len(ids(k) & set(by_id)))
    col = header.index(key)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([header[i] for i in keep] + [column])
        w.writerow(["Points Possible"] + [""] * (len(keep) - 1) + [f"{points:g}"])
        for r in students:
            sid = _norm(r[col])
            total = None if sid in held_ids else by_id.get(sid)
            w.writerow([r[i] for i in keep] + ["" if total is None else f"{total:g}"])
    found = ids(key)
    return key, sorted(k for k in totals if _norm(k) not in found)


def flag_pairs(results: list[Result]) -> None:
    """Flag both of two submissions whose answer code to an exercise is nearly identical (a friend's notebook handed
    in under another ID); answers of fewer than similarity.MIN_TOKENS tokens are not compared."""
    grams = [{ex: (len(t), similarity.grams(t)) for ex, t in r.answers.items()} for r in results]
    alike = {}                                       # {(i, exercise): [(other student's ID, similarity)]}
    for i in range(len(results)):
        for j in range(i + 1, len(results)):
            for ex, (n, gi) in grams[i].items():
                sim = similarity.alike_grams(n, gi, *grams[j].get(ex, (0, set())))
                if sim is not None:
                    alike.setdefault((i, ex), []).append((results[j].student_id, sim))
                    alike.setdefault((j, ex), []).append((results[i].student_id, sim))
    # held when two exercises (all, in a chapter of one) are alike with the same other student; one alone is a remark
    shared = {}                                      # {(i, other student's ID): number of exercises alike}
    for (i, ex), others in alike.items():
        for sid, _ in others:
            shared[i, sid] = shared.get((i, sid), 0) + 1
    for (i, ex), others in sorted(alike.items()):
        who = ", ".join(f"{sid} (similarity {sim:.2f})" for sid, sim in sorted(others))
        where = f"exercise {ex}'s answer code" if ex else "the code added before the first exercise"
        what = f"{where} is nearly identical to that of student{'s' * (len(others) > 1)} {who}"
        if any(shared[i, sid] >= ALIKE_TO_HOLD(len(results[i].max_points)) for sid, _ in others):
            results[i].flag("held for review: " + what)
        else:
            results[i].remarks.append(what + ONE_ALIKE)


def grade_folder(folder: Path, chapter: str, out: Path, workers: int = 2, secret: str = "",
                 timeout: int = 120) -> list[Result]:
    spec = load_spec(chapter)
    subs = submissions(folder)
    local, servers = threading.local(), []

    def one(s):
        if not hasattr(local, "server"):           # one warm grading process per worker thread
            local.server = Server()
            servers.append(local.server)
        try:
            return grade_notebook(s[1], chapter, s[0], secret, timeout, runner=local.server)
        except Exception as e:                      # noqa: BLE001 (one notebook never stops the class's grading)
            r = Result(chapter, s[0])
            for ex, items in __import__(f"kit.data_{chapter[:2]}", fromlist=["ANSWERS"]).ANSWERS.items():
                r.max_points[ex] = sum(spec.POINTS[name] for name, *_ in items)
                r.points[ex], r.lines[ex] = 0.0, ["not graded: the grader could not grade this notebook"]
            r.flag(f"held for review: the grader could not grade this notebook ({type(e).__name__}: {e}"[:300] + ")")
            return r

    try:
        with ThreadPoolExecutor(workers) as pool:   # each grading is a fork of the worker's server
            results = list(pool.map(one, subs))
    finally:
        for server in servers:
            server.close()
    flag_pairs(results)
    exercises = list(results[0].max_points) if results else list(spec.PROMPTS)
    written = {ex: sum(p for _, p in w["rubric"]) for ex, w in spec.WRITTEN.items()}
    header = (["Student ID"] + [f"{chapter[:2]} exercise {ex} autograded ({results[0].max_points[ex] if results else ''})"
                                for ex in exercises]
              + [f"{chapter[:2]} exercise {ex} written ({written[ex]})" for ex in written]
              + [f"{chapter[:2]} autograded total ({sum(results[0].max_points.values()) if results else ''})",
                 "Held for review", "Notes"])
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in results:
            w.writerow([r.student_id] + [f"{r.points[ex]:g}" for ex in exercises] + [""] * len(written)
                       + [f"{r.total:g}", "yes" if r.held else "", " | ".join(r.notes + r.remarks)])
    fb, wr = out.parent / "feedback", out.parent / "written"
    fb.mkdir(exist_ok=True)
    wr.mkdir(exist_ok=True)
    for r in results:
        (fb / f"{r.student_id}.md").write_text(feedback_markdown(r, spec), encoding="utf-8")
        (wr / f"{r.student_id}.md").write_text(written_markdown(r, spec), encoding="utf-8")
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--chapter", required=True)
    ap.add_argument("--out", type=Path, default=Path("grades.csv"))
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--secret", default=os.environ.get("CLASSROOM_SECRET", ""),
                    help="the teacher's secret: makes the grader's second data set unguessable")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per submission")
    ap.add_argument("--canvas", type=Path, metavar="EXPORT.csv",
                    help="the course's gradebook exported from Canvas: also write canvas.csv, for Grades → Import")
    ap.add_argument("--canvas-id-column", default=None,
                    help="the export's column holding the submissions' IDs (default: the one that matches most)")
    ap.add_argument("--canvas-assignment", default=None, help="the new column's name (default: the chapter's)")
    args = ap.parse_args(argv)
    if args.canvas and not args.canvas.is_file():
        ap.error(f"--canvas: no file {args.canvas}")
    if not args.folder.is_dir() or not submissions(args.folder):
        ap.error(f"{args.folder}: no notebook (.ipynb) in it, so nothing to grade")
    args.secret = secret_or_random(args.secret)
    t0 = time.perf_counter()
    results = grade_folder(args.folder, args.chapter, args.out, args.workers, args.secret, args.timeout)
    dt = time.perf_counter() - t0
    print(f"{len(results)} submissions graded in {dt:.1f} s with {args.workers} workers; "
          f"{args.out}, {args.out.parent / 'feedback'}/, {args.out.parent / 'written'}/")
    written = [args.out]
    if args.canvas:
        target = args.out.parent / "canvas.csv"
        points = sum(results[0].max_points.values()) if results else 0
        name = args.canvas_assignment or f"{args.chapter} (autograded)"
        held = sorted(r.student_id for r in results if r.held)
        key, missing = canvas_import(args.canvas, {r.student_id: r.total for r in results}, name, points, target,
                                     args.canvas_id_column, held=set(held))
        print(f"{target}: the column {name!r}, matched on Canvas's {key!r}")
        if held:
            print(f"held for review (left blank in canvas.csv; see the notes in {args.out.name}): {', '.join(held)}")
        if missing:
            print(f"not in the Canvas export (no grade written for them): {', '.join(missing)}")
        written.append(target)
    # printed now, on the teacher's screen: a file changed after the run no longer matches
    for path in written:
        print(f"sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
