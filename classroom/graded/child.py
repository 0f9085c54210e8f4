"""Runs one submission's cells and reports the graded names as plain numbers (the untrusted side).

    python child.py < request.json

This process runs the student's code; it only reports what the names hold (numbers, lists of numbers, an
expression's values at the grader's points, a function's values on the grader's calls). It never decides a
score: the grader compares in its own process, with its own reference and its own comparison, so nothing the
submission patches here (NumPy, np.testing, math) changes a score. The request comes on stdin; the report is
one line on the original stdout, after a nonce the submission is not given (it can find it in the grader's frames,
as a teacher's notebook did: a report it forges that way is scored on its values like any other, which must still be
right for both data sets).

Before any student code runs, an audit hook (sys.addaudithook: it cannot be removed) refuses with PermissionError
what no exercise needs, however it is spelled: opening a file of the grader's own folders (the grading folder
links to them), writing or changing files outside the grading folder, starting a process (subprocess, os.system,
os.exec*, os.posix_spawn, os.fork), ctypes, and listing the interpreter's objects (gc) or tracing its frames
(sys._getframe stays open: warnings need it, so the frames can be walked by hand). What the notebook
tried is written to the grader at once, a line per attempt, so a notebook that finds the guard's records cannot take
them back; the grader flags it for the teacher. Each data set runs in a process of its own (the grader sends one per
request), so a notebook never holds the other data set in memory. Each submission runs in its own process group, killed
when it ends, and without the teacher's secret in its environment. An in-process guard stops casual attempts, not
a determined attacker: grade in a throwaway container (the teachers' page says how).
"""

import io
import json
import linecache
import numbers
import os
import re
import sys
import tokenize
import traceback

MAGIC = re.compile(r"^\s*[%!]")
#: a line magic whose argument is a statement that Jupyter runs: `%time x = f()` still assigns x
RUNS_ITS_ARGUMENT = re.compile(r"^(\s*)%(?:time|timeit)\s+(?:-\S+\s+)*(.*\S)")


def _complete(text: str) -> bool:
    """Whether `text` ends between statements (not inside brackets, a string or after a backslash)."""
    try:
        for _ in tokenize.generate_tokens(io.StringIO(text + "\n").readline):
            pass
    except tokenize.TokenError:
        return False
    except (IndentationError, SyntaxError):
        return True
    return True


def without_magics(source: str) -> str:
    """The cell as plain Python: an IPython magic or shell line (`%…`, `!…`, where a statement may start) becomes
    `pass`, except `%time`/`%timeit` STATEMENT, which runs the statement once; a line inside a statement that starts
    with `%` (old-style string formatting, a teacher's: `"…" \\n % (a, b)`) is Python and stays."""
    out = []
    for line in source.splitlines():
        if MAGIC.match(line) and _complete("\n".join(out)):
            indent = line[:len(line) - len(line.lstrip())]
            runs = RUNS_ITS_ARGUMENT.match(line)
            out.append(runs.group(1) + runs.group(2) if runs and not line.lstrip().startswith("%%")
                       else indent + "pass  # " + line.lstrip())
        else:
            out.append(line)
    return "\n".join(out)


def _decode(v):
    if isinstance(v, dict) and "__array__" in v:
        import numpy as np
        return np.array(v["__array__"], dtype=float)
    if isinstance(v, dict):
        return {k: _decode(x) for k, x in v.items()}
    return v


def _number(v):
    if isinstance(v, bool) or isinstance(v, (str, bytes)):
        raise TypeError(f"is {type(v).__name__}, not a number")
    if isinstance(v, numbers.Real):
        return float(v)
    if getattr(v, "shape", None) == () and hasattr(v, "dtype"):
        return float(v)
    raise TypeError(f"is {type(v).__name__}, not a number")


def _nested(v):
    if hasattr(v, "tolist") and hasattr(v, "dtype"):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return [_nested(x) for x in v]
    return _number(v)


def extract(value, kind, shape, probe, kind_problem):
    problem = kind_problem(value, kind, shape)
    if problem:
        raise TypeError(problem)
    if kind == "number":
        return _number(value)
    if kind == "array":
        return _nested(value)
    if kind == "expression":
        symbols = list(value.free_symbols)
        out = []
        for p in probe["points"]:
            c = complex(value.evalf(30, subs={symbols[0]: p}) if symbols else value.evalf(30))
            if abs(c.imag) > 1e-12 * max(1.0, abs(c.real)):
                raise ValueError(f"is not real at {symbols[0] if symbols else 'z'} = {p}: {c}")
            out.append(c.real)
        return out
    if kind == "function":
        f = eval(probe["f"])
        return [_number(value(f, *args)) for args in probe["calls"]]
    raise ValueError(kind)


def _where(exc, filenames):
    """'line N of your cell: <code>' for the innermost frame in the student's cells. It walks the traceback without
    looking up source lines, except the cell's own (in linecache, put there by run): traceback.extract_tb would
    read this file's source, which the guard refuses, and every crash was flagged as an attempt to read the
    grader's files (a teacher's)."""
    for frame, lineno in reversed(list(traceback.walk_tb(exc.__traceback__))):
        name = frame.f_code.co_filename
        if name in filenames:
            return f" (line {lineno} of the cell: `{linecache.getline(name, lineno).strip()}`)"
    return ""


class _NoGrader:
    """Refuses to import the grader's package (`classroom`: the specs and their references) in a submission."""

    def find_spec(self, name, path=None, target=None):
        if name == "classroom" or name.startswith("classroom."):
            raise ImportError(f"{name}: the grader's code is not importable while your notebook is graded")
        return None


#: where the grader's own files are: this file's folder (classroom/graded, or the grader zip's) and the package
#: above it, except the kit the notebooks import (kit/ is a symlink to it in the grading folder)
GRADER_DIR = os.path.dirname(os.path.realpath(__file__))
GRADER_ROOT = os.path.dirname(GRADER_DIR)
KIT_DIR = os.path.join(GRADER_ROOT, "kit")
#: audit events that start another process, reach raw memory, or walk the interpreter's objects and frames (to
#: find the guard's own state): no exercise needs them
PROCESS_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
                  "pty.spawn")
INTROSPECTION_EVENTS = ("gc.get_objects", "gc.get_referrers", "gc.get_referents",   # (sys._getframe: warnings need it)
                        "sys._current_frames", "sys.setprofile", "sys.settrace")
#: audit events that change the file system (their first arguments are paths): only inside the grading folder
FILE_EVENTS = ("os.remove", "os.rmdir", "os.rename", "os.truncate", "os.chmod", "os.chown", "os.mkdir", "shutil.")
LINK_EVENTS = ("os.symlink", "os.link")


def _install_guard(out_fd: int, nonce: str):
    """An audit hook (it cannot be removed) refusing what no exercise needs: the grader's files, writing outside the
    grading folder, other processes, ctypes, walking the interpreter's objects and frames. Installed before any
    student code runs. Everything it uses is fixed in its closure when it is installed, so a notebook that
    reassigns this module's names changes nothing. What a notebook tried goes to the grader at once, as a line
    `<nonce>B<exercise>\\t<what>\\t<event>` on `out_fd` (written with os.write and str operations only: nothing a
    notebook can patch). Returns a function that says which exercise runs."""
    import builtins
    # the builtins the hook calls, as they are now: a notebook that replaces builtins.any or builtins.isinstance
    # later changes nothing here
    (isinstance, any, len, str, int, bytes, TypeError, ValueError, OSError, PermissionError) = (  # noqa: A001
        builtins.isinstance, builtins.any, builtins.len, builtins.str, builtins.int, builtins.bytes,
        builtins.TypeError, builtins.ValueError, builtins.OSError, builtins.PermissionError)
    state = {"exercise": None}                       # which exercise runs: `now` sets it, the hook only reads it
    written = [0]                                    # the hook's own: no other object refers to it
    write, encode = os.write, str.encode
    realpath, fsdecode, sep = os.path.realpath, os.fsdecode, os.sep
    grader_dir, grader_root, kit_dir, work = GRADER_DIR, GRADER_ROOT, KIT_DIR, os.path.realpath(os.getcwd())
    process, introspection, files, links = PROCESS_EVENTS, INTROSPECTION_EVENTS, FILE_EVENTS, LINK_EVENTS
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC

    def real(path):
        if isinstance(path, int) or path is None:
            return None
        try:
            return realpath(fsdecode(path))
        except (TypeError, ValueError):
            return None

    def inside(path, folder):
        return path is not None and (path == folder or path.startswith(folder + sep))

    own = str(os.getpid())
    own_pid = os.getpid()

    def other_process(path):   # /proc/<pid>/... of the grader or of anything but this process
        parts = path.split(sep)
        return len(parts) > 2 and parts[1] == "proc" and parts[2].isdigit() and parts[2] != own

    def hook(event, args):
        what = None
        if event == "open" and args:
            path = real(args[0])
            writes = (isinstance(args[1], str) and any(c in args[1] for c in "wax+")) or (
                isinstance(args[2], int) and args[2] & write_flags) if len(args) > 2 else False
            if inside(path, grader_dir) or (inside(path, grader_root) and not inside(path, kit_dir)):
                what = "read the grader's files"
            elif path is not None and (path.endswith(".ipynb") or sep + "answer-key" + sep in path):
                what = "read a notebook or the answer key"   # a classmate's, or the key beside the grader
            elif path is not None and other_process(path):
                what = "read another process's memory or environment"
            elif writes and path is not None and not inside(path, work):
                what = "write files outside its grading folder"
        elif event == "sqlite3.connect" and args and args[0] not in (":memory:", b":memory:", ""):
            path = real(args[0])                     # SQLite writes in C, past the "open" event (a teacher's)
            if path is None or not inside(path, work):
                what = "write files outside its grading folder"
        elif event.startswith("sqlite3.") and "load_extension" in event:
            what = "use ctypes (raw memory)"
        elif event in ("os.kill", "os.killpg", "signal.pthread_kill") and args and args[0] not in (own_pid, 0):
            what = "signal another process"          # a teacher's SIGSTOP to the grader froze the whole class's run
        elif event.startswith(process):
            what = "start a process"
        elif event.startswith("ctypes."):
            what = "use ctypes (raw memory)"
        elif event in introspection:
            what = "inspect the grader's running code"
        elif event in links or (event.startswith(files) and any(
                isinstance(a, (str, bytes)) and not inside(real(a), work) for a in args[:2])):
            what = "change files outside its grading folder"
        if what is None:
            return
        # every refusal is written, whoever asked: a notebook reaches `state` through `now` and the frames, so
        # nothing it can reach decides whether a refusal is recorded (a teacher's notebook switched that off)
        if written[0] < 20:
            written[0] += 1
            exercise = state.get("exercise")
            try:
                write(out_fd, encode(nonce + "B" + (exercise if isinstance(exercise, str) else "") + "\t" + what
                                     + "\t" + event + "\n"))
            except OSError:                          # the notebook closed the grader's pipe: it cannot report either
                pass
        raise PermissionError(f"{event}: not allowed while your notebook is graded")

    def now(exercise):
        """Which exercise's code runs from here on (None: the grader's own or a graded function's)."""
        state["exercise"] = exercise

    sys.addaudithook(hook)
    return now


def _preload():
    """What the grader's machinery and the notebooks import, before the guard (ctypes loads a library on import)."""
    import ctypes  # noqa: F401

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import sympy  # noqa: F401

    import helpers  # noqa: F401
    import kit  # noqa: F401


def _prepare(kit_path: str):
    os.environ.pop("CLASSROOM_SECRET", None)        # the child never needs it: its data come computed
    os.environ["KIT_GRADING"] = "1"
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.modules["classroom"] = None                  # the grader is not importable from a submission,
    sys.meta_path.insert(0, _NoGrader())             # nor after `del sys.modules["classroom"]`
    sys.path[:] = [p for p in sys.path if not os.path.isdir(os.path.join(p or ".", "classroom"))]
    if kit_path not in sys.path:
        sys.path.insert(0, kit_path)


def run(request, out_fd: int) -> dict:
    """Runs the request's cells on each of its data sets (the grader sends one per request) and returns the report.
    After each exercise's last cell it writes what the graded names hold so far (`<nonce>V{...}`), so a notebook
    stopped later by the time limit is graded on what it had computed (a teacher's: an endless loop in exercise 3
    took the points of exercises 1 and 2)."""
    from kit import kind_problem                     # imported before any student code

    write, dumps, nonce = os.write, json.dumps, request["nonce"]   # as they are before any student code
    report = {"runs": []}
    import copy

    import kit
    _preload()
    # a folder of its own, the only place it may write: not the shared grading folder, which is on sys.path (a
    # teacher's notebook planted statistics.py there, and the next notebooks imported it)
    import tempfile
    os.chdir(tempfile.mkdtemp(prefix="submission-", dir=os.getcwd()))
    now = _install_guard(out_fd, request["nonce"])
    for run_ in request["runs"]:
        ns = {"__name__": "__main__", "display": lambda *a, **k: None, "__kit_data__": _decode(run_["data"])}
        # my_data called again anywhere in the notebook gives this run's data too (the grader's second data set
        # in run 2), so a student who re-reads their data is graded on what they computed, not on their ID
        kit.my_data = lambda *args, _d=ns["__kit_data__"], **kwargs: copy.deepcopy(_d)
        errors, filenames = [], set()

        def values_of(names, run_=run_, ns=ns):
            values = {}
            for name in names:
                kind, shape = run_["answers"][name]
                if name not in ns:
                    values[name] = {"error": "is not defined"}
                    continue
                now(None)                          # a graded function runs the student's code
                try:
                    values[name] = {"value": extract(ns[name], kind, shape, request["probes"].get(name),
                                                     kind_problem)}
                except BaseException as e:         # noqa: BLE001
                    values[name] = {"error": str(e)[:300] or type(e).__name__}
                finally:
                    now(None)
            return values

        cells = request["cells"]
        for k, cell in enumerate(cells):
            source = cell["source"]
            source = without_magics(source)
            name = f"<cell {k}>"
            filenames.add(name)
            linecache.cache[name] = (len(source), None, source.splitlines(True), name)
            saved = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = io.StringIO()
            now(cell["exercise"])
            try:
                exec(compile(source, name, "exec"), ns)
            except BaseException as e:             # noqa: BLE001 (a SystemExit from exit() too)
                errors.append({"exercise": cell["exercise"], "cell": k,
                               "error": f"{type(e).__name__}: {e}"[:500] + _where(e, filenames)})
            finally:
                now(None)
                sys.stdout, sys.stderr = saved
            if cell["role"] == "data":
                ns["data"] = ns["__kit_data__"]     # the grader's data, whatever the cell computed
            last_of_exercise = k + 1 == len(cells) or cells[k + 1]["exercise"] != cell["exercise"]
            if cell["exercise"] is not None and last_of_exercise and k + 1 < len(cells):
                so_far = values_of([n for n in run_["answers"] if n in ns])
                try:
                    write(out_fd, ("\n" + nonce + "V" + dumps({"values": so_far, "errors": errors}) + "\n").encode())
                except (OSError, TypeError, ValueError):
                    pass
        report["runs"].append({"values": values_of(list(run_["answers"])), "errors": errors})
    return report


def main():
    """One submission, one process: the request on stdin, the report on stdout."""
    request = json.loads(sys.stdin.read())
    out_fd = os.dup(1)
    write, exit_ = os.write, os._exit                # a notebook may replace os.write (a teacher's did)
    _prepare(request["kit_path"])
    report = run(request, out_fd)
    write(out_fd, ("\n" + request["nonce"] + json.dumps(report) + "\n").encode())
    exit_(0)                                         # no exit handler of the submission runs after this


def _kill_group(pgid: int) -> None:
    """Kill what a graded child left running in its process group (a process started before the guard failed)."""
    import signal
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def serve(kit_path: str):
    """A warm process that forks one child per submission (what the gradebook's workers use).

    It imports what the notebooks import once (NumPy, SymPy, Matplotlib, the book's helpers), then for each
    request (one JSON line on stdin) forks: the child runs the submission and writes its report, the server
    waits for it (killing it after the request's timeout) and writes `<nonce>END`. A submission changes only
    its own child's memory: the next submission forks from the untouched server.
    """
    import signal
    import time

    _prepare(kit_path)
    _preload()
    out_fd = os.dup(1)
    write, exit_ = os.write, os._exit                # the forked child's, kept from before any student code
    devnull = os.open(os.devnull, os.O_RDWR)
    while True:
        line = sys.stdin.readline()
        if not line:
            os._exit(0)
        request = json.loads(line)
        nonce = request["nonce"]
        pid = os.fork()
        if pid == 0:
            os.setpgid(0, 0)                         # its own process group: whatever it starts dies with it
            os.dup2(devnull, 0)                      # a submission's input() must not read the next request
            os.dup2(devnull, 1)
            try:
                report = run(request, out_fd)
                write(out_fd, ("\n" + nonce + json.dumps(report) + "\n").encode())
            finally:
                exit_(0)
        deadline = time.monotonic() + request.get("timeout", 120)
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                _kill_group(pid)
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                _kill_group(pid)
                os.write(out_fd, ("\n" + nonce + json.dumps({"fatal": f"the notebook ran longer than {request.get('timeout', 120)} s "
                                                       "(an endless loop?); nothing could be graded"}) + "\n").encode())
                break
            time.sleep(0.02)
        os.write(out_fd, ("\n" + nonce + "END\n").encode())   # on a line of its own, whatever a child left


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        serve(sys.argv[2])
    else:
        main()
