"""Grade a folder of submissions of one chapter and write a gradebook CSV and one feedback file per student.

    python -m classroom.gradebook submissions/ --chapter 03_sigmoid_derivative --out grades.csv [--workers 2]

A submission is `submissions/<ID>.ipynb` or `submissions/<ID>/<anything>.ipynb`: the ID is the file's stem or
its folder's name (an LMS export renamed to IDs; see the teachers' page). Each worker (one per core by default)
keeps a warm Python process with NumPy, SymPy and the helpers imported, which forks a fresh child per submission:
the child runs the submission, and the grader compares what it reports with its own reference, in this process.

Writes:
  grades.csv      one row per student: ID, points of each exercise (autograded), an empty column per written
                  derivation (to fill in by hand), the autograded total. Comma-separated, UTF-8 with a byte-order
                  mark: Canvas (Grades → Import) and Moodle (Grades → Import → CSV file) read it; map the columns
                  on import (ID to the SIS user / ID number field).
  feedback/<ID>.md  per student: their points, what was compared and their own errors (no test code, no reference
                  values), the rubric of each written derivation.
  written/<ID>.md   per student: their written derivations with the rubric, for marking by hand.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from classroom.graded import spec as load_spec  # noqa: E402
from classroom.graded.grader import Result, Server, feedback_markdown, grade_notebook  # noqa: E402


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
        blank = not answer or "double-click to write here" in answer
        out += ["", "The student's answer:", "", "> " + ("(nothing written)" if blank else answer.replace("\n", "\n> ")), ""]
    return "\n".join(out)


def grade_folder(folder: Path, chapter: str, out: Path, workers: int = 2, secret: str = "",
                 timeout: int = 120) -> list[Result]:
    spec = load_spec(chapter)
    subs = submissions(folder)
    local, servers = threading.local(), []

    def one(s):
        if not hasattr(local, "server"):           # one warm grading process per worker thread
            local.server = Server()
            servers.append(local.server)
        return grade_notebook(s[1], chapter, s[0], secret, timeout, runner=local.server)

    try:
        with ThreadPoolExecutor(workers) as pool:   # each grading is a fork of the worker's server
            results = list(pool.map(one, subs))
    finally:
        for server in servers:
            server.close()
    exercises = list(results[0].max_points) if results else list(spec.PROMPTS)
    written = {ex: sum(p for _, p in w["rubric"]) for ex, w in spec.WRITTEN.items()}
    header = (["Student ID"] + [f"{chapter[:2]} exercise {ex} autograded ({results[0].max_points[ex] if results else ''})"
                                for ex in exercises]
              + [f"{chapter[:2]} exercise {ex} written ({written[ex]})" for ex in written]
              + [f"{chapter[:2]} autograded total ({sum(results[0].max_points.values()) if results else ''})",
                 "Notes"])
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in results:
            w.writerow([r.student_id] + [f"{r.points[ex]:g}" for ex in exercises] + [""] * len(written)
                       + [f"{r.total:g}", " | ".join(r.notes)])
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
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    results = grade_folder(args.folder, args.chapter, args.out, args.workers, args.secret, args.timeout)
    dt = time.perf_counter() - t0
    print(f"{len(results)} submissions graded in {dt:.1f} s with {args.workers} workers; "
          f"{args.out}, {args.out.parent / 'feedback'}/, {args.out.parent / 'written'}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
