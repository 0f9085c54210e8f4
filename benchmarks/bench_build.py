"""Time the book's builds as `make book` runs them: clean, again with nothing changed, after a change to one
chapter, and after a change to helpers/.

The repository's tracked files are copied into a new, empty folder (so nothing is cached and the working copy is
never touched) and built there the way `make book` builds (tools/execution_cache.py prepare, then jupyter-book
build -W -n --keep-going), four times:

1. clean: no cache; every chapter is executed (target: as fast as the chapters allow);
2. nothing changed: every chapter's outputs come from the cache and Sphinx rewrites nothing (target: 30 s);
3. one chapter changed (a code cell appended to the last chapter of _toc.yml): that chapter alone executes;
4. helpers/ changed (a comment appended to helpers/__init__.py): every chapter executes again.

For each it prints the wall-clock time, the CPU time of the build's processes (user + system, kernels included;
far less sensitive than the wall clock to other work on a shared machine), and which chapters were executed.
After the clean build, each chapter's execution time as myst-nb recorded it.

Run:  python benchmarks/bench_build.py            (needs `npm ci` done once: `make bench-build` does it)
      python benchmarks/bench_build.py --keep     (keep the copy and print where it is)
      python benchmarks/bench_build.py --clean-only
This is a script that prints figures, never a pass/fail test. The machine's load is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTHING_CHANGED_TARGET = 30.0  # seconds: a second `make book` with nothing changed
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


def copy_repository(dest: Path) -> None:
    """The tracked files (and the working copy's edits to them), without _build, .venv or node_modules."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in filter(None, files.split("\0")):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    if (ROOT / "node_modules").exists():  # KaTeX, as `npm ci` installed it
        (dest / "node_modules").symlink_to(ROOT / "node_modules")


def build(copy: Path) -> dict:
    """`make book`'s two steps in ``copy``: wall and CPU seconds, the chapters executed and reused, success."""
    before = os.times()
    start = time.perf_counter()
    prepare = subprocess.run([sys.executable, "tools/execution_cache.py", "prepare"], cwd=copy,
                             capture_output=True, text=True)
    result = subprocess.run([jupyter_book(), "build", ".", *JB_FLAGS], cwd=copy, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    log = result.stdout + result.stderr
    return {
        "wall": wall,
        "cpu": (after.children_user - before.children_user) + (after.children_system - before.children_system),
        "executed": sorted(set(re.findall(r"(\w+)\.ipynb: Executed notebook", log))),
        "cached": sorted(set(re.findall(r"(\w+)\.ipynb: Using cached notebook", log))),
        "ok": prepare.returncode == 0 and result.returncode == 0 and "build succeeded" in log,
        "tail": "\n".join(log.splitlines()[-25:]),
        "prepared": prepare.stdout.strip(),
    }


def report(name: str, r: dict, target: float | None = None) -> None:
    verdict = "" if target is None else ("  within" if r["wall"] <= target else "  OVER") + f" the {target:.0f} s target"
    executed = ", ".join(n[:2] for n in r["executed"]) or "none"
    print(f"{name:<26} {r['wall']:>7.1f}s wall {r['cpu']:>7.1f}s CPU  executed: {executed}"
          f" ({len(r['cached'])} from the cache){verdict}")
    if not r["ok"]:
        print("  THE BUILD FAILED; its last lines:\n" + r["tail"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    parser.add_argument("--clean-only", action="store_true", help="only the clean build")
    args = parser.parse_args()

    copy = Path(tempfile.mkdtemp(prefix="bench_build_"))
    copy_repository(copy)
    load_before = os.getloadavg()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"load average {load_before[0]:.1f} at the start (other work slows the wall clock, less the CPU time)")
    print(f"each build: tools/execution_cache.py prepare; jupyter-book build . {' '.join(JB_FLAGS)}\n")

    results = {"clean": build(copy)}
    report("1. clean", results["clean"])
    ok = results["clean"]["ok"]
    if ok and not args.clean_only:
        results["same"] = build(copy)
        report("2. nothing changed", results["same"], NOTHING_CHANGED_TARGET)
        chapter = next(copy / f"{d}.ipynb" for d in reversed(toc_docnames()) if (copy / f"{d}.ipynb").exists())
        nb = json.loads(chapter.read_text())
        nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "bench-build-change",
                            "metadata": {"tags": ["remove-cell"]}, "outputs": [], "source": ["bench_build_change = 1"]})
        chapter.write_text(json.dumps(nb, indent=1))
        results["chapter"] = build(copy)
        report(f"3. {chapter.stem[:2]} changed", results["chapter"])
        with (copy / "helpers" / "__init__.py").open("a") as f:
            f.write("\n# bench_build: a change to helpers\n")
        results["helpers"] = build(copy)
        report("4. helpers/ changed", results["helpers"])
        ok = all(r["ok"] for r in results.values())

    data = execution_data(copy)
    print(f"\n{'page (its last execution)':<36} {'executed in':>12}  status")
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
    print(f"load average {os.getloadavg()[0]:.1f} at the end")

    if args.keep:
        print(f"\ncopy kept in {copy}")
    else:
        shutil.rmtree(copy, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
