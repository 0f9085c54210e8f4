"""One execution of each chapter, shared by everything that needs the chapter run.

The website (Jupyter Book with ``execute_notebooks: cache``), the reader notebooks (``lab/``) and anything else
that needs a chapter's outputs take them from one jupyter-cache in ``_build/.jupyter_cache``. jupyter-cache keys
an entry on the notebook's code cells only, so a change to ``helpers/`` (or to the figure style, or to the pinned
packages) would leave every entry looking valid while the pages are stale. This module closes that gap: the
cache carries a fingerprint of everything outside the notebooks that its outputs depend on, and is emptied when
that fingerprint changes. A stale page is worse than a slow build.

    python tools/execution_cache.py prepare   # before a build: empty the cache (and Sphinx's environment) if stale
    python tools/execution_cache.py status    # what is cached, and whether the fingerprint still holds

What each fingerprint covers:

- EXECUTION: ``helpers/`` (every file), ``book/matplotlibrc``, ``requirements.txt``, ``pyproject.toml``.
  A change empties the execution cache: every chapter runs again, once.
- BUILD: the same plus ``_ext/``, ``_static/``, ``_config.yml``, ``_toc.yml`` and ``package-lock.json`` (KaTeX).
  A change removes Sphinx's saved environment (``_build/.doctrees``), so every page is read again from the
  (possibly still valid) cached outputs. Otherwise Sphinx rebuilds only the pages whose source changed.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
CACHE = BUILD / ".jupyter_cache"
DOCTREES = BUILD / ".doctrees"
EXECUTION_INPUTS = ("helpers", "book/matplotlibrc", "requirements.txt", "pyproject.toml")
BUILD_INPUTS = EXECUTION_INPUTS + ("_ext", "_static", "_config.yml", "_toc.yml", "package-lock.json")
TIMEOUT = 600  # seconds for one cell, as _config.yml's execute.timeout


def _files(inputs) -> list[Path]:
    out = []
    for name in inputs:
        path = ROOT / name
        if path.is_dir():
            out += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        elif path.is_file():
            out.append(path)
    return sorted(out)


def fingerprint(inputs=EXECUTION_INPUTS) -> str:
    """A hash of the names and contents of the files that ``inputs`` names (content, not modification time)."""
    h = hashlib.sha256()
    for path in _files(inputs):
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _stamp(directory: Path) -> Path:
    return directory / "fingerprint.txt"


def _refresh(directory: Path, inputs, what: str, verbose: bool) -> None:
    stamp, now = _stamp(directory), fingerprint(inputs)
    if stamp.exists() and stamp.read_text() == now:
        return
    if directory.exists():
        shutil.rmtree(directory)
        if verbose:
            print(f"execution_cache: {', '.join(inputs)} changed since the last build: {what} cleared", flush=True)
    directory.mkdir(parents=True)
    stamp.write_text(now)


def prepare(verbose: bool = True) -> None:
    """Empty what is stale: the execution cache when EXECUTION changed, Sphinx's environment when BUILD changed."""
    _refresh(CACHE, EXECUTION_INPUTS, "executed chapters", verbose)
    _refresh(DOCTREES, BUILD_INPUTS, "Sphinx's environment", verbose)


def _cache():
    from jupyter_cache import get_cache

    _refresh(CACHE, EXECUTION_INPUTS, "executed chapters", verbose=True)
    return get_cache(str(CACHE))


def executed(path: Path, timeout: int = TIMEOUT) -> nbformat.NotebookNode:
    """The chapter at ``path`` with its outputs: from the cache when its code and the fingerprint are unchanged,
    otherwise executed now (in ``book/``, as the website executes it) and added to the cache for the next user.
    Raises ``RuntimeError`` with the failing cell's traceback when the chapter does not run."""
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.executors.utils import single_nb_execution

    path = Path(path).resolve()
    cache = _cache()
    nb = nbformat.read(path, as_version=4)
    try:
        cache.match_cache_notebook(nb)
    except KeyError:
        start = time.perf_counter()
        result = single_nb_execution(nb, cwd=str(path.parent), timeout=timeout, allow_errors=False)
        if result.err is not None:
            raise RuntimeError(f"{path.name} failed to execute:\n{result.exc_string}") from result.err
        record = cache.add_nb_to_project(str(path))
        cache.cache_notebook_bundle(CacheBundleIn(nb, record.uri, data={"execution_seconds": result.time}),
                                    check_validity=False, overwrite=True)
        print(f"  executed {path.name} in {time.perf_counter() - start:.0f} s (now cached)", flush=True)
        return nb
    _, merged = cache.merge_match_into_notebook(nbformat.read(path, as_version=4))
    return merged


def status() -> str:
    from jupyter_cache import get_cache

    lines = []
    for directory, inputs in ((CACHE, EXECUTION_INPUTS), (DOCTREES, BUILD_INPUTS)):
        stamp = _stamp(directory)
        state = ("valid" if stamp.exists() and stamp.read_text() == fingerprint(inputs)
                 else "stale (the next build clears it)" if stamp.exists() else "absent")
        lines.append(f"{directory.relative_to(ROOT)}: {state}")
    if CACHE.exists():
        cache = get_cache(str(CACHE))
        for record in cache.list_cache_records():
            lines.append(f"  {Path(record.uri).name}: executed {record.created:%Y-%m-%d %H:%M:%S}, "
                         f"{record.data.get('execution_seconds', 0):.1f} s")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    if command == "prepare":
        prepare()
    elif command == "status":
        print(status())
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
