"""Grade one submission of a graded assignment: run it twice in a fresh process, compare here.

    python -m classroom.graded.grader 03_sigmoid_derivative submission.ipynb --id s1234567

Run 1 uses the student's own data (the seed of their ID), run 2 other data (a seed of the ID and the teacher's
secret) and, for some exercises, other settings: an answer counts only if it matches the reference in both runs,
so typed-in numbers, the book's numbers or a friend's numbers score nothing. The reference is computed here from
the spec; the comparison is classroom.graded.compare (plain floats): nothing in the submission's process decides.
"""

from __future__ import annotations

import argparse
import ast
import collections
import functools
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

from classroom.graded import similarity
from classroom.graded import spec as load_spec

HERE = Path(__file__).resolve().parent
KIT = HERE.parent / "kit"
EXERCISE = re.compile(r"^#+\s*Exercise\s+(\d+)\b", flags=re.M)
TIMEOUT = 120


@dataclass
class Result:
    chapter: str
    student_id: str
    points: dict = field(default_factory=dict)       # {exercise: points}
    max_points: dict = field(default_factory=dict)   # {exercise: max}
    lines: dict = field(default_factory=dict)        # {exercise: [feedback lines]}
    notes: list = field(default_factory=list)        # about the whole submission
    written: dict = field(default_factory=dict)      # {exercise: the student's written answer}
    flags: list = field(default_factory=list)        # why the teacher should read it first (also in notes)
    answers: dict = field(default_factory=dict)      # {exercise: the answer cells' normalised tokens}
    remarks: list = field(default_factory=list)      # for the teacher only, without a hold (grades.csv's notes)

    @property
    def total(self) -> float:
        return sum(self.points.values())

    @property
    def held(self) -> bool:
        """Flagged: the points are kept in grades.csv but not sent to the LMS until the teacher has read it."""
        return bool(self.flags)

    def flag(self, note: str):
        if note not in self.flags:
            self.flags.append(note)
            self.notes.append(note)


def _encode(v):
    if isinstance(v, np.ndarray):
        return {"__array__": v.tolist()}
    if isinstance(v, dict):
        return {k: _encode(x) for k, x in v.items()}
    return v


#: what no exercise needs and a submission that games the grader does: the grader's package, the import machinery,
#: other processes, the file system (a hit is a note for the teacher, not a score)
SUSPECT = re.compile(r"\bclassroom\b|\bspec_\d\d\b|sys\.(?:modules|meta_path|path)\b|\bimportlib\b|__import__|"
                     r"\bsubprocess\b|\bos\.(?:fork|system|spawn\w*|exec\w*|kill|setsid|remove|unlink|rename)\b|"
                     r"\bPopen\b|\bmultiprocessing\b|\bshutil\b|/proc/|\bopen\(|\bPath\(|\bctypes\b|"
                     # code run from a string (a key hidden in base64), and the interpreter's frames and closures
                     r"(?<![.\w])(?:exec|eval|compile)\(|\bbase64\b|\bcodecs\b|\bmarshal\b|\bzlib\b|\bpickle\b|"
                     r"__builtins__|_getframe|\bf_locals\b|\bf_back\b|\bf_globals\b|__closure__|__globals__|\bgc\.|"
                     # exec and eval reached without their names (a teacher's key run from a string built in pieces)
                     r"\bbuiltins\b|__code__|\bglobals\(|\bvars\(")


Shipped = collections.namedtuple("Shipped", "lines cells prompts")


@functools.lru_cache(maxsize=None)
def _shipped(chapter: str) -> Shipped:
    """The student notebook as the kit ships it: its code lines (its Colab and set-up cells are ours), the
    (role, source) of its code cells other than the answer cells, and {exercise: the prompt cell's text}."""
    from classroom.graded.notebook import graded_notebook
    cells = graded_notebook(chapter).cells
    role = [c.metadata.get("kit", {}).get("role") for c in cells]
    return Shipped(
        lines=frozenset(line.strip() for c in cells if c.cell_type == "code" for line in c.source.splitlines()),
        cells=frozenset((r, c.source.strip()) for c, r in zip(cells, role)
                        if c.cell_type == "code" and r not in (None, "answer")),
        prompts={c.metadata["kit"]["exercise"]: c.source for c, r in zip(cells, role)
                 if c.cell_type == "markdown" and r == "prompt"})


def suspect_uses(chapter: str, cells: list[dict]) -> list[str]:
    """What of SUSPECT the student's own lines use (lines the kit shipped are not the student's)."""
    shipped = _shipped(chapter).lines
    return sorted({m.group(0) for c in cells for line in c["source"].splitlines() if line.strip() not in shipped
                   for m in SUSPECT.finditer(line)})


def answer_tokens(cells: list[dict], sort_lines: bool = False, chapter: str | None = None) -> dict:
    """{exercise: the normalised tokens of its answer cells} (the shipped placeholder is a comment: no tokens); with
    `sort_lines`, each exercise's lines in sorted order (similarity.tokens); with the `chapter`, without the
    assignments that nothing reads and no grader asks for (similarity.without_dead_assignments: padding)."""
    answer = [c for c in cells if c["role"] == "answer"]
    live = similarity.without_dead_assignments([c["source"] for c in answer], graded_names(chapter)) \
        if chapter is not None else [c["source"] for c in answer]
    sources = {}
    for c, src in zip(answer, live):   # a cell added before the first exercise is under "" (a key hidden there)
        sources.setdefault(c["exercise"] or "", []).append(src)
    return {ex: similarity.tokens("\n".join(srcs), sort_lines) if sort_lines else
            [t for src in srcs for t in similarity.tokens(src)] for ex, srcs in sources.items()}


@functools.lru_cache(maxsize=None)
def graded_names(chapter: str) -> frozenset:
    """The names the grader reads from a notebook of this chapter."""
    data_mod = __import__(f"kit.data_{chapter[:2]}", fromlist=["ANSWERS"])
    return frozenset(name for items in data_mod.ANSWERS.values() for name, *_ in items)


@functools.lru_cache(maxsize=None)
def _key_tokens(chapter: str, sort_lines: bool = False, strip: bool = True) -> dict:
    """{exercise: the key's tokens}, without its assignments that nothing reads (`strip`, as answer_tokens does with
    the chapter) or as written (for an answer cell that does not parse, which answer_tokens leaves as it is)."""
    solutions = load_spec(chapter).SOLUTIONS
    live = similarity.without_dead_assignments(list(solutions.values()), graded_names(chapter)) if strip else \
        list(solutions.values())
    return {ex: similarity.tokens(src, sort_lines) for ex, src in zip(solutions, live)}


@functools.lru_cache(maxsize=None)
def _reference_grams(chapter: str) -> frozenset:
    """The token 5-grams of the spec's reference() and of the private functions it calls (the public grader code
    that computes every graded value from `data`)."""
    import inspect
    spec = load_spec(chapter)
    source = inspect.getsource(spec.reference) + "".join(
        inspect.getsource(f) for n, f in vars(spec).items() if n.startswith("_") and inspect.isfunction(f)
        and f.__module__ == spec.__name__)
    return frozenset(similarity.grams(similarity.tokens(source)))


def reference_copied(chapter: str, answers: dict) -> float | None:
    """The share of the reference code's 5-grams found in the answers together, if at least REFERENCE_SHARE."""
    ref = _reference_grams(chapter)
    if not ref:
        return None
    found = set().union(*(similarity.grams(t) for t in answers.values())) if answers else set()
    share = len(ref & found) / len(ref)
    return share if share >= similarity.REFERENCE_SHARE else None


def ALIKE_TO_HOLD(exercises: int) -> int:  # noqa: N802 (a rule, read like a constant)
    """How many of a notebook's exercises must be nearly identical to the key, or to one other student's, to hold
    it: two (all of them in a chapter of one exercise). One alone is a remark: where a prompt names every call
    (chapter 09's exercise 3), honest answers are as alike as copies (a teacher's two honest notebooks: 0.88)."""
    return min(2, exercises)


ONE_ALIKE = ("; one exercise alone is not held (where a prompt names every call, honest answers look alike): "
             "read it if the derivation does not match")

#: one exercise this alike with the public key, in its order, holds a notebook by itself: the key nearly verbatim (a
#: teacher's copy with a few lines rewritten had one exercise at 0.94 and the other below the threshold; honest
#: answers to prompts that name every call reached 0.91 at most)
VERBATIM = 0.93


def key_copies(chapter: str, answers: dict, answers_sorted: dict | None = None) -> list[tuple[str, float]]:
    """[(exercise, similarity)] of the answers nearly identical to the public answer key (the spec's SOLUTIONS);
    `answers_sorted`, the answers with each exercise's lines sorted (answer_tokens), finds the key reordered too."""
    keys = [(_key_tokens(chapter, False, strip), _key_tokens(chapter, True, strip)) for strip in (True, False)]
    out = []
    for ex in keys[0][0]:
        s = None
        for key, key_sorted in keys:   # the key without its unread assignments, then as written
            toks = key[ex]
            s = similarity.alike(answers.get(ex, []), toks)
            if s is None and answers_sorted is not None:   # or its lines reordered (a teacher's: two swapped per cell)
                s = similarity.alike(answers_sorted.get(ex, []), key_sorted[ex])
            if s is None:   # or the key's exercise found whole in the notebook's other cells (moved, or in one cell)
                elsewhere = [t for other, ts in answers.items() if other != ex for t in ts]
                s = similarity.contained(toks, elsewhere)
            if s is not None:
                break
        if s is not None:
            out.append((ex, s))
    return out


#: what child.py's guard blocks, as the teacher's note says it (any other report is not trusted: it is ignored)
BLOCKED = {w: f"the notebook tried to {w}" for w in (
    "read the grader's files", "read a notebook or the answer key", "start a process", "use ctypes (raw memory)",
    "write files outside its grading folder", "change files outside its grading folder",
    "read another process's memory or environment", "inspect the grader's running code", "signal another process")}


def secret_or_random(secret: str) -> str:
    """The teacher's secret, or, without one, a random one for this grading run (a teacher's: with no secret the
    second data set follows from the public code, and typed-in numbers for both scored full marks). A right
    answer is right for any second data set, so the scores do not depend on it; the screen says so."""
    if secret:
        return secret
    print("No CLASSROOM_SECRET: the second data sets come from a random secret for this run only (right answers "
          "score the same; set one to make a regrade reproduce the same data).", file=sys.stderr)
    return secrets.token_hex(16)


def second_data(spec, data_mod, student_id: str, chapter: str, secret: str, data1: dict):
    """(seed, data, probes, [reference for data1, for data]) of the grader's second data set: of a few draws, the
    first whose scored answers all differ from the first data set's and whose numbers (those that vary between
    draws) all differ too, or the draw nearest that (a teacher's: chapter 03's 24 pairs of a and b let 1 student in
    24 score typed-in numbers; chapter 10's α, one of four, let a typed-in α = 0.1 score)."""
    draws = []
    for attempt in range(8):
        seed2 = other_seed(student_id, chapter, secret + (f"#{attempt}" if attempt else ""))
        data2 = spec.vary(data_mod.data(seed2))
        probes = spec.probes(np.random.default_rng(seed2), data1)
        try:
            refs = [spec.reference(d, probes) for d in (data1, data2)]
        except (ArithmeticError, ValueError):   # (np.linalg.LinAlgError is a ValueError)
            if attempt < 7 or draws:            # a draw whose reference fails (chapter 08's probit fit met a
                continue                        # singular Hessian, and a right notebook scored 0): another draw
            raise
        draws.append((seed2, data2, probes, refs))
    first = _scalars(data1)
    varying = {k for _, d2, _, _ in draws for k, v in _scalars(d2).items() if k in first and v != first[k]}
    return min(draws, key=lambda d: (_same_answer(spec, d[3]), sum(_scalars(d[1]).get(k) == first[k]
                                                                   for k in varying)))


def _scalars(d: dict) -> dict:
    return {k: v for k, v in d.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def _same_answer(spec, refs) -> bool:
    """Whether a scored name's reference for the first data set would also pass for the second (a teacher's:
    chapter 03 draws a and b from 24 pairs, so 1 student in 24 could score typed-in numbers)."""
    for name, points in spec.POINTS.items():
        if points and name in refs[0]:
            try:
                if spec.compare(name, refs[0][name], refs[1])[0]:
                    return True
            except Exception:                                # noqa: BLE001 (a reference not in a value's form)
                continue
    return False


def other_seed(student_id: str, chapter: str, secret: str) -> int:
    key = f"other:{secret}:{chapter}:{student_id.strip().lower()}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big")


#: what the kit's derivation cell holds before the student writes (classroom/graded/notebook.py)
WRITTEN_PLACEHOLDER = "*Your derivation:* (double-click to write here)"


def cells_of(nb, chapter: str | None = None) -> tuple[list[dict], dict]:
    """The code cells as the child runs them ({exercise, role, source}) and the written answers by exercise.
    Given the chapter, a code cell keeps a role other than "answer" only if it holds what the kit shipped in that
    role (a teacher set the key's cells to "setup" in the metadata, and the copy check skipped them)."""
    cells, written, current = [], {}, None
    for cell in nb.cells:
        kit = cell.get("metadata", {}).get("kit", {})
        if cell.cell_type == "markdown":
            m = EXERCISE.search(cell.source)
            if m:
                current = m.group(1)
            # the derivation cell, less the kit's placeholder (a teacher typed after it), and any markdown cell the
            # student added under the exercise (a teacher wrote the derivation in a new cell): all of it is marked
            text = None
            if kit.get("role") == "written" or (not kit.get("role") and current is not None):
                text = cell.source.replace(WRITTEN_PLACEHOLDER, "").strip()
            elif kit.get("role") == "prompt" and chapter is not None:   # typed into the prompt cell (a teacher's)
                shipped = _shipped(chapter).prompts.get(kit.get("exercise"), "")
                text = cell.source.replace(shipped, "").strip() if cell.source.strip() != shipped.strip() else ""
            if text is not None and cell.get("attachments"):
                text += "\n\n[an image is attached to this cell: read it in the notebook]"
            ex = kit.get("exercise", current)
            if text:
                written[ex] = (written[ex] + "\n\n" + text) if ex in written else text
            continue
        if cell.cell_type != "code":
            continue
        # a cell the kit did not ship is the student's: an answer (a teacher hid the key in a new cell whose comment
        # said my_data(, and a "data" cell is not compared with the key); my_data returns the run's data anyway
        role = kit.get("role") or "answer"
        if chapter is not None and role not in ("answer", "id") and (role, cell.source.strip()) not in _shipped(
                chapter).cells:
            role = "answer"
        cells.append({"exercise": current, "role": role, "source": cell.source})
    return cells, written


def notebook_id(nb) -> str | None:
    """The STUDENT_ID the notebook's first cells set, if it is a plain string."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "STUDENT_ID" in cell.source:
            try:
                for node in ast.parse(cell.source).body:
                    if (isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "STUDENT_ID" for t in node.targets)
                            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                        return node.value.value
            except SyntaxError:
                return None
    return None


#: the only variables of the teacher's environment a graded notebook gets (it could print any of them into an
#: error message, which the feedback shows): what Python, NumPy and Matplotlib need to start
CHILD_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "MPLCONFIGDIR", "VIRTUAL_ENV", "PYTHONPATH")


def _without_secret(environ) -> dict:
    """The environment a graded notebook runs in: a few variables it needs, never the teacher's secret."""
    return {k: v for k, v in environ.items() if k in CHILD_ENV}


def _kill_group(pgid: int) -> None:
    import signal
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _read_lines(lines, nonce: str) -> tuple[dict | None, list[dict]]:
    """The child's report and what its guard blocked, from the lines that start with the request's nonce: `B…` a
    blocked attempt (written the moment it happened), `V{…}` the graded names after an exercise (kept as the
    report's "partial", for a notebook the time limit stops later), `{…}` the report, `END` the end (the
    server's)."""
    report, blocked, partial = None, [], None
    for line in lines:
        if not line.startswith(nonce):
            continue
        rest = line[len(nonce):].rstrip("\n")
        if rest.startswith("B"):
            exercise, what, event = (rest[1:].split("\t") + ["", "", ""])[:3]
            blocked.append({"exercise": exercise or None, "what": what, "event": event})
        elif rest.startswith("V{"):
            try:
                partial = json.loads(rest[1:])
            except ValueError:
                pass
        elif rest.startswith("{"):
            try:
                report = json.loads(rest)
            except ValueError:
                pass
        elif rest == "END":
            break
    if partial is not None and isinstance(report, dict) and "fatal" in report:
        report["partial"] = partial
    elif partial is not None and report is None:
        report = {"fatal": "the notebook stopped the grader's Python before it could report", "partial": partial}
    return report, blocked


def run_separately(runner, cells, runs, probes, timeout=TIMEOUT) -> dict:
    """Each data set in a request, so a process of its own: a notebook never holds the grader's second data set
    while it runs on the first. The reports are merged; what was blocked in either run is kept."""
    merged = {"runs": [], "blocked": []}
    for run in runs:
        report = runner(cells, [run], probes, timeout)
        merged["blocked"] += report.get("blocked", [])
        partial = report.get("partial")
        if "fatal" in report and _is_run(partial):   # stopped later: graded on what the exercises before had computed
            if not merged["runs"]:                   # (the second run's message is not passed on: see below)
                merged["stopped"] = report["fatal"].replace("; nothing could be graded", "")
            elif "stopped" not in merged:            # only with the second data set (a teacher's: nothing said so)
                merged["stopped_second"] = True
            values = {name: partial["values"].get(name, {"error": "was not reached: " + STOPPED})
                      for name in run["answers"]}
            merged["runs"].append({"values": values, "errors": partial["errors"]})
            continue
        if "fatal" in report:   # the second run's message is not passed on: a notebook could write its data there
            fatal = report["fatal"] if not merged["runs"] else (
                "the notebook ran with your data, but stopped the grader's Python with its second data set "
                "(an endless loop, exit() or a crash that depends on the numbers?); nothing could be graded")
            return {"fatal": fatal, "blocked": merged["blocked"]}
        if not (isinstance(report.get("runs"), list) and len(report["runs"]) == 1 and _is_run(report["runs"][0])):
            return {"fatal": "the notebook wrote over the grader's report; nothing could be graded",
                    "blocked": merged["blocked"], "forged": True}
        values = report["runs"][0]["values"]   # a forged report (a teacher's replaced json.dumps) may lack names
        for name in run["answers"]:
            if not ("value" in values.get(name, {}) or "error" in values.get(name, {})):
                values[name] = {"error": "was not reported (the notebook changed what the grader reports)"}
                merged["forged"] = True
        merged["runs"] += report["runs"]
    return merged


STOPPED = "the notebook was stopped before this exercise ended (see the note at the top)"


def _is_run(r) -> bool:
    return (isinstance(r, dict) and isinstance(r.get("values"), dict) and isinstance(r.get("errors"), list)
            and all(isinstance(v, dict) for v in r["values"].values()))


def run_child(cells, runs, probes, timeout=TIMEOUT) -> dict:
    nonce = secrets.token_hex(16)
    request = {"nonce": nonce, "cells": cells, "runs": runs, "probes": probes, "kit_path": ""}
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        os.symlink(KIT, Path(tmp) / "kit")
        # the helpers this grader imports (the repository's, or the grader zip's own): the notebooks import them
        import helpers
        os.symlink(Path(helpers.__file__).parent, Path(tmp) / "helpers")
        request["kit_path"] = tmp
        env = dict(_without_secret(os.environ), MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1", OMP_NUM_THREADS="1",
                   OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        with subprocess.Popen([sys.executable, str(HERE / "child.py")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp, text=True, env=env,
                              start_new_session=True) as child:   # its own group, killed when it ends
            try:
                out, err = child.communicate(json.dumps(request), timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(child.pid)
                out, _ = child.communicate()
                report, blocked = _read_lines(out.splitlines(), nonce)
                stopped = {"fatal": f"the notebook ran longer than {timeout} s (an endless loop?); nothing could be "
                                    "graded"}
                return dict(stopped, blocked=blocked, **({"partial": report["partial"]}
                                                         if report and "partial" in report else {}))
            finally:
                _kill_group(child.pid)
    report, blocked = _read_lines(out.splitlines(), nonce)
    if report is None:
        tail = (err or "").strip().splitlines()[-3:]
        report = {"fatal": "the notebook stopped the grader's Python before it could report "
                           f"(exit code {child.returncode}): {' / '.join(tail)}"}
    return dict(report, blocked=blocked)


class Server:
    """A warm grading process (child.py --serve) that forks one child per submission; one per worker thread."""

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="grade-server-")
        os.symlink(KIT, Path(self.tmp.name) / "kit")
        import helpers
        os.symlink(Path(helpers.__file__).parent, Path(self.tmp.name) / "helpers")
        env = dict(_without_secret(os.environ), MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1", OMP_NUM_THREADS="1",
                   OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        self.proc = subprocess.Popen([sys.executable, str(HERE / "child.py"), "--serve", self.tmp.name],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     cwd=self.tmp.name, env=env, text=True, bufsize=1)

    def __call__(self, cells, runs, probes, timeout=TIMEOUT) -> dict:
        nonce = secrets.token_hex(16)
        request = {"nonce": nonce, "cells": cells, "runs": runs, "probes": probes, "timeout": timeout}
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return run_child(cells, runs, probes, timeout)        # the server is gone: one process instead
        lines = []
        # a server that stops answering (a notebook froze it) is killed after the time limit and a margin
        watchdog = threading.Timer(timeout + 30, self.proc.kill)
        watchdog.start()
        try:
            for line in self.proc.stdout:
                lines.append(line)
                if line.strip() == nonce + "END":
                    break
            else:                                                 # the server died (a submission killed it?)
                self.close()
                self.__init__()
        finally:
            watchdog.cancel()
        report, blocked = _read_lines(lines, nonce)
        return dict(report or {"fatal": "the notebook stopped the grader's Python before it could report"},
                    blocked=blocked)

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except Exception:                                         # noqa: BLE001
            self.proc.kill()
        self.tmp.cleanup()


def grade_notebook(path: Path, chapter: str, student_id: str, secret: str = "", timeout: int = TIMEOUT,
                   runner=None) -> Result:
    from kit import student_seed  # (classroom/graded/__init__ puts kit on sys.path)
    spec = load_spec(chapter)
    data_mod = __import__(f"kit.data_{chapter[:2]}", fromlist=["data"])
    result = Result(chapter, student_id)
    data1 = data_mod.data(student_seed(student_id, chapter))
    seed2, data2, probes, refs = second_data(spec, data_mod, student_id, chapter, secret, data1)
    runs = []
    for d in (data1, data2):
        answers = {}
        for ex, items in data_mod.ANSWERS.items():
            for name, kind, shape, _ in items:
                answers[name] = (kind, list(shape(d) if callable(shape) else shape) if shape is not None else None)
        runs.append({"data": _encode(d), "answers": answers})
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:                                   # noqa: BLE001
        nb = None
        result.notes.append(f"the file could not be read as a notebook ({type(e).__name__}: {e})")
    if nb is not None:
        given = notebook_id(nb)
        if given is None or given.strip() in ("", "...", "your ID"):
            result.notes.append(("the notebook sets no STUDENT_ID" if given is None else
                                 f"the notebook's STUDENT_ID is still the placeholder {given.strip()!r}")
                                + f"; it was graded with the ID of the file, {student_id}")
        elif given.strip().lower() != student_id.strip().lower():   # a friend's notebook handed in as is (a teacher's)
            result.flag(f"held for review: the notebook's STUDENT_ID is {given!r}, the submission's is "
                        f"{student_id!r} (another student's notebook?); graded with the submission's")
            result.notes.append(f"your notebook's STUDENT_ID is {given!r}, not {student_id!r}: it was graded with "
                                f"the data of {student_id!r}")
        cells, result.written = cells_of(nb, chapter)
        uses = suspect_uses(chapter, cells)
        result.answers = answer_tokens(cells, chapter=chapter)
        copies = key_copies(chapter, result.answers, answer_tokens(cells, sort_lines=True, chapter=chapter))
        for ex, sim in copies:
            what = f"exercise {ex}'s answer code is nearly identical to the public answer key (similarity {sim:.2f})"
            as_written = similarity.alike(result.answers.get(ex, []), _key_tokens(chapter)[ex]) or 0.0
            if len(copies) >= ALIKE_TO_HOLD(len(spec.SOLUTIONS)) or as_written >= VERBATIM:
                result.flag("held for review: " + what)
            else:
                result.remarks.append(what + ONE_ALIKE)
        share = reference_copied(chapter, result.answers)
        if share is not None:
            result.flag(f"held for review: the answers contain {share:.0%} of the grader's public reference code "
                        f"(spec_{chapter[:2]}.reference, pasted)")
        if uses:
            result.flag("flagged for the teacher: the code uses " + ", ".join(f"`{u}`" for u in uses)
                                + ", which no exercise needs (the grader's files, other processes, the file system, code run from a string, "
                                "the interpreter's frames); "
                                "the score stands until the teacher has read the notebook")
        report = run_separately(runner or run_child, cells, runs, probes, timeout)
    else:
        report = {"fatal": "nothing could be run"}
    tried = {}
    for b in report.get("blocked", []) if isinstance(report.get("blocked"), list) else []:
        what = BLOCKED.get(b.get("what") if isinstance(b, dict) else None)
        if what:
            ex = b.get("exercise")
            tried.setdefault(what, set()).add(f"exercise {ex}" if ex else "a graded function")
    for what, where in tried.items():
        result.flag(f"flagged for the teacher: {what} ({', '.join(sorted(where))}); it was blocked, and the "
                    "answers score what they got without it")
    if report.get("forged"):
        result.flag("held for review: the notebook changed what the grader reports (json or the output replaced?)")
    if "stopped" in report:
        result.notes.append(report["stopped"] + "; the exercises it had finished are graded on what they computed")
    if report.get("stopped_second"):
        result.remarks.append("the notebook finished with the student's data but was stopped by the time limit with "
                              "the grader's second data set: code that runs differently on other numbers? (read it)")
    if "fatal" in report:
        result.notes.append(report["fatal"])
    else:
        before = [e["error"] for e in report["runs"][0]["errors"] if e["exercise"] is None]
        if before:
            result.notes.append(f"a cell before the exercises raised {before[0]}")
    for ex, items in data_mod.ANSWERS.items():
        result.max_points[ex] = sum(spec.POINTS[name] for name, *_ in items)
        result.points[ex] = 0.0
        lines = result.lines.setdefault(ex, [])
        if "fatal" in report:
            lines.append("not graded: " + report["fatal"])
            continue
        cell_errors = [e["error"] for e in report["runs"][0]["errors"] if e["exercise"] == ex]
        for name, *_ in items:
            got = [run["values"][name] for run in report["runs"]]
            pts = spec.POINTS[name]
            miss = f"✗ 0/{pts}" if pts else "✗ checked, not scored:"
            if "error" in got[0]:
                why = f"`{name}` {got[0]['error']}"
                if cell_errors:
                    why += f"; your cell raised {cell_errors[0]}"
                lines.append(f"{miss} {why}")
                continue
            ok1, how = spec.compare(name, got[0]["value"], refs[0])
            if not ok1:
                lines.append(f"{miss} `{name}` does not match the reference for your data ({how})")
                continue
            if "error" in got[1]:   # its message is not shown: a notebook can put the second data set in it
                lines.append(f"{miss} `{name}` is right for your data, but with the grader's second data set it "
                             "was not computed (its cell, or one before it, raised an error or ran past the time "
                             "limit there) or was not a number of the right shape: the code must work from `data` "
                             "alone, for any numbers")
                continue
            ok2, _ = spec.compare(name, got[1]["value"], refs[1])
            if not ok2:
                lines.append(f"{miss} `{name}` does not match the reference on the grader's two data sets: it must "
                             "be computed from `data` alone, the same way for any numbers (typed-in numbers, or a "
                             "method that only works for some numbers, do not follow)")
                continue
            result.points[ex] += pts
            if pts:
                lines.append(f"✓ {pts}/{pts} `{name}` matches the reference with your data and with other data ({how})")
            else:
                lines.append(f"✓ checked, not scored: `{name}` matches the reference with your data and with other "
                             f"data ({how}); the prompt states its formula, so its points are in the derivation")
        other = [e for e in cell_errors if not any(e in line for line in lines)]
        for e in other[:2]:
            lines.append(f"note: a cell of this exercise raised {e}")
    if secret:   # whatever a notebook printed into an error message: never the teacher's secret
        hide = lambda text: text.replace(secret, "[the teacher's secret]")  # noqa: E731
        result.notes[:] = [hide(n) for n in result.notes]
        result.flags[:] = [hide(n) for n in result.flags]
        for ex in result.lines:
            result.lines[ex] = [hide(line) for line in result.lines[ex]]
    return result


def feedback_markdown(r: Result, spec=None) -> str:
    """What the student gets back: scores, what was compared, their own errors; no test code, no reference."""
    spec = spec or load_spec(r.chapter)
    out = [f"# Feedback: {r.chapter}, student {r.student_id}", "",
           f"Autograded: **{r.total:g} / {sum(r.max_points.values()):g}** points.", ""]
    # a flag's note names what it matched (another student, the key): the teacher's, not the student's
    notes = [n for n in r.notes if n not in r.flags]
    if r.held:
        notes.append("your teacher reads this notebook before its points count (held for review)")
    for note in notes:
        out.append(f"- {note}")
    if notes:
        out.append("")
    for ex in r.max_points:
        out += [f"## Exercise {ex}: {spec.TITLES[ex]} — {r.points[ex]:g} / {r.max_points[ex]:g}", ""]
        out += [f"- {line}" for line in r.lines[ex]]
        written = spec.WRITTEN.get(ex)
        if written:   # what each step asks for, as the notebook shows it: the rubric itself states the results
            total = sum(p for _, p in written["rubric"])
            steps = "; ".join(f"{ask} ({p})" for ask, (_, p) in zip(written["ask"], written["rubric"], strict=True))
            out += ["", f"Written derivation: marked by hand, out of {total}: {steps}."]
            if not (r.written.get(ex) or "").strip():
                out += ["", "No written derivation was found for this exercise: write it in the *Your derivation* "
                            "cell, or in a text cell under the exercise."]
        out.append("")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="grade one notebook of a graded assignment")
    ap.add_argument("chapter")
    ap.add_argument("notebook", type=Path)
    ap.add_argument("--id", required=True, help="the student's ID (the seed of their data)")
    ap.add_argument("--secret", default=os.environ.get("CLASSROOM_SECRET", ""))
    args = ap.parse_args(argv)
    r = grade_notebook(args.notebook, args.chapter, args.id, secret_or_random(args.secret))
    print(feedback_markdown(r))
    if r.flags or r.remarks:   # what the student's feedback leaves out
        print("## For the teacher (not in the student's feedback)\n\n"
              + "\n".join(f"- {f}" for f in r.flags + r.remarks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
