"""Time the gradebook on 120 generated submissions of one chapter (the size of a lecture course).

Generates 120 submissions, one per student ID s0001…s0120, each the student notebook with the answers of one
of the chapter's planted submissions (correct, another form, sign error, missing factor, wrong shape, typed-in
numbers, crash midway, untouched, copied from the website, patched np.testing; cycled), and grades the folder
with `python -m classroom.gradebook` as a teacher would. Prints the wall-clock time, the time per submission,
the machine's load, and how many scores differ from the planted ones (0 expected).

How it grades (no Jupyter kernel, no `otter run`): each of `--workers` worker threads (default 2, one per core)
keeps one warm Python process with NumPy, SymPy, Matplotlib and the helpers imported; for each submission it
forks a fresh child per data set, which executes the notebook's code cells in order (the student's data, then,
in a second child, the grader's second data set) and reports the graded names; the grader compares in its own
process.
The CPU time printed is that of the grading processes (servers and their children), which the load of other
work on the machine does not inflate as it does the wall-clock time.

Run:  python benchmarks/bench_grading.py [--chapter 03_sigmoid_derivative] [--n 120] [--workers 2] [--keep]
A script that prints figures, never a pass/fail test (target: 120 submissions in at most 10 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classroom.gradebook import grade_folder  # noqa: E402
from classroom.graded.planted import planted  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chapter", default="03_sigmoid_derivative")
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    subs = tmp / "submissions"
    subs.mkdir()
    t0 = time.perf_counter()
    expected = {}
    kinds = None
    for i in range(args.n):
        sid = f"s{i + 1:04d}"
        plants = planted(args.chapter, student_id=sid)
        kinds = kinds or list(plants)
        kind = kinds[i % len(kinds)]
        nb, exp = plants[kind]
        (subs / sid).mkdir()
        nbformat.write(nb, subs / sid / f"{args.chapter}-graded.ipynb")
        expected[sid] = (kind, exp)
    t_gen = time.perf_counter() - t0
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average before {os.getloadavg()[0]:.1f}")
    print(f"generated {args.n} submissions of {args.chapter} in {t_gen:.1f} s ({len(kinds)} kinds, cycled)")
    t1 = time.perf_counter()
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    grade_folder(subs, args.chapter, tmp / "out" / "grades.csv", workers=args.workers)
    wall = time.perf_counter() - t1
    print(f"graded {args.n} submissions with {args.workers} workers in {wall:.1f} s "
          f"({wall / 60:.1f} min; {wall / args.n:.2f} s per submission of wall time; "
          f"load average after {os.getloadavg()[0]:.1f})")
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    print(f"CPU time of the grading processes: {cpu:.1f} s ({cpu / args.n:.2f} s per submission); on 2 idle cores "
          f"that is about {cpu / 2 / 60:.1f} min for the {args.n}")
    rows = list(csv.DictReader(open(tmp / "out" / "grades.csv", encoding="utf-8-sig")))
    differ = []
    for row in rows:
        kind, exp = expected[row["Student ID"]]
        got = {ex: float(v) for k, v in row.items() if (ex := k.split(" exercise ")[-1].split(" ")[0]) in exp
               and "autograded" in k and "total" not in k}
        if got != {k: float(v) for k, v in exp.items()}:
            differ.append((row["Student ID"], kind, got, exp))
    print(f"scores that differ from the planted ones: {len(differ)} of {len(rows)}")
    for d in differ[:10]:
        print("  ", d)
    if args.keep:
        print(f"kept in {tmp}")
    else:
        shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
