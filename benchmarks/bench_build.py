"""Time a clean build of the whole book, and each notebook's execution inside it.

Runs the same command as `make book` (jupyter-book build, every notebook executed, -W -n --keep-going)
into a new, empty output directory, so nothing is cached, and prints:

- the total wall-clock time of the build (target: at most 90 s on the 2-core reference machine);
- for each page of _toc.yml, in order, the execution time myst-nb recorded (kernel start-up included);
- what is left for Sphinx itself (reading, writing, copying assets).

Run:  python benchmarks/bench_build.py            (needs `npm ci` done once: `make bench-build` does it)
      python benchmarks/bench_build.py --keep     (keep the output directory and print where it is)
This is a script that prints figures, never a pass/fail test. The machine's load is printed too:
other work running at the same time slows the build down.
"""

from __future__ import annotations

import argparse
import os
import pickle
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 90.0
JB_FLAGS = ["-W", "-n", "--keep-going"]


def toc_docnames() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))

    walk(toc.get("chapters"))
    for part in toc.get("parts") or []:
        walk(part.get("chapters"))
    return names


def jupyter_book() -> str:
    local = Path(sys.executable).parent / "jupyter-book"
    return str(local) if local.exists() else (shutil.which("jupyter-book") or "jupyter-book")


def execution_data(output: Path) -> dict[str, dict]:
    """myst-nb's record of each executed notebook (runtime in seconds, success), from Sphinx's environment."""
    pickled = output / "_build" / ".doctrees" / "environment.pickle"
    if not pickled.exists():
        return {}
    with pickled.open("rb") as f:
        env = pickle.load(f)
    return {doc: data.get("exec_data") or {} for doc, data in getattr(env, "nb_metadata", {}).items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the output directory")
    args = parser.parse_args()

    output = Path(tempfile.mkdtemp(prefix="bench_build_"))
    command = [jupyter_book(), "build", str(ROOT), "--path-output", str(output), *JB_FLAGS]
    load_before = os.getloadavg()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    total = time.perf_counter() - start
    load_after = os.getloadavg()

    succeeded = result.returncode == 0 and "build succeeded" in result.stdout
    print(f"clean build: jupyter-book build . --path-output <new empty dir> {' '.join(JB_FLAGS)}")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (other work slows the build)")
    if not succeeded:
        print("THE BUILD FAILED; its last lines:")
        print("\n".join((result.stdout + result.stderr).splitlines()[-25:]))

    data = execution_data(output)
    print()
    print(f"{'page':<36} {'executed in':>12}  status")
    executed = 0.0
    for doc in toc_docnames():
        record = data.get(doc)
        if not record:
            print(f"{doc:<36} {'-':>12}  (not a notebook, or not executed)")
            continue
        runtime = record.get("runtime") or 0.0
        executed += runtime
        status = "ok" if record.get("succeeded") else f"FAILED: {record.get('error')}"
        print(f"{doc:<36} {runtime:>11.1f}s  {status}")
    print(f"{'all notebooks':<36} {executed:>11.1f}s")
    print(f"{'Sphinx (read, write, assets)':<36} {total - executed:>11.1f}s")
    verdict = "within" if total <= TARGET_SECONDS else "OVER"
    print(f"{'total (wall clock)':<36} {total:>11.1f}s  {verdict} the {TARGET_SECONDS:.0f} s target")

    if args.keep:
        print(f"\noutput kept in {output}")
    else:
        shutil.rmtree(output, ignore_errors=True)
    return 0 if succeeded else 1


if __name__ == "__main__":
    sys.exit(main())
