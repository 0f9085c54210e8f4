"""Copy the reader notebooks into the student's workspace (``make lab``), never overwriting their work.

``python lab/workspace.py READER_DIR WORKSPACE_DIR``: every reader notebook (and ``matplotlibrc``) that the
workspace does not have yet is copied in; a notebook the student already has is left alone, and if the book's
version has changed since, a line says so and how to get the new one (delete or rename your copy, then run
``make lab`` again). The workspace is git-ignored: running, saving and autosave never touch ``book/``.
"""

from __future__ import annotations

import filecmp
import shutil
import sys
from pathlib import Path


def main(reader: Path, workspace: Path) -> int:
    notebooks = sorted(reader.glob("*.ipynb"))
    if not notebooks:
        print(f"no reader notebooks in {reader}: run `make reader` first", file=sys.stderr)
        return 1
    workspace.mkdir(parents=True, exist_ok=True)
    copied, changed = [], []
    for src in [*notebooks, reader / "matplotlibrc"]:
        dest = workspace / src.name
        if not dest.exists():
            shutil.copy2(src, dest)
            copied.append(src.name)
        elif src.stat().st_mtime > dest.stat().st_mtime and not filecmp.cmp(src, dest, shallow=False):
            changed.append(src.name)
    if copied:
        print(f"copied into {workspace}/: {', '.join(copied)}")
    for name in changed:
        print(f"{name}: the book's version is newer than yours in {workspace}/; to get it, rename or delete "
              f"{workspace}/{name} and run `make lab` again")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
