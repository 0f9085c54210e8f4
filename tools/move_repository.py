"""make move-repository URL=https://github.com/OWNER/NAME: the book's new address, written everywhere at once.

The address is configured once, as ``repository.url`` in _config.yml. Every other file that names the
repository or its GitHub Pages site (the Colab setup cell of each chapter, helpers/colab.py, CITATION.cff,
the footer, the front page, the changelog's links) is rewritten from it by this script: it replaces the
old repository address and the old Pages address (``OWNER.github.io/NAME``) with the new ones in every file
git tracks, and prints each file it changed with the number of replacements.

    python tools/move_repository.py https://github.com/new-owner/new-name [--root .] [--dry-run]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = re.compile(r"https://github\.com/(?P<owner>[A-Za-z0-9-]+)/(?P<name>[A-Za-z0-9_.-]+)")


def parse(url: str) -> tuple[str, str]:
    """(owner, name) of a GitHub repository address; a ValueError naming the address otherwise."""
    match = GITHUB.fullmatch(url.rstrip("/"))
    if match is None:
        raise ValueError(f"URL must look like https://github.com/OWNER/NAME, got {url!r}")
    return match["owner"], match["name"].removesuffix(".git")


def configured_url(root: Path = ROOT) -> str:
    """The repository address in _config.yml (``repository.url``), without a trailing slash."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/")


def addresses(url: str) -> list[str]:
    """The forms in which the book names its repository: the repository and its Pages site."""
    owner, name = parse(url)
    return [f"https://github.com/{owner}/{name}", f"{owner}.github.io/{name}"]


def tracked_files(root: Path) -> list[Path]:
    names = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True, capture_output=True).stdout
    return [root / n for n in names.decode().split("\0") if n]


def move(new_url: str, root: Path = ROOT, dry_run: bool = False) -> dict[str, int]:
    """Replace the configured address by ``new_url`` in every tracked text file; {file: replacements}."""
    old_url = configured_url(root)
    if parse(new_url) == parse(old_url):
        raise ValueError(f"URL is already the book's address ({old_url})")
    # an address ends where the next character cannot continue it ("…/book/blob" and "…/book)" match, "…/books" does not)
    pairs = [(re.compile(re.escape(old) + r"(?![A-Za-z0-9_-])"), new)
             for old, new in zip(addresses(old_url), addresses(new_url))]
    changed = {}
    for path in tracked_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue                         # binary files and files deleted in the work tree
        count = 0
        for pattern, new in pairs:
            text, n = pattern.subn(new, text)
            count += n
        if count:
            changed[str(path.relative_to(root))] = count
            if not dry_run:
                path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the new address, https://github.com/OWNER/NAME")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's checkout (default: this one)")
    parser.add_argument("--dry-run", action="store_true", help="only print what would change")
    args = parser.parse_args(argv)
    try:
        changed = move(args.url, args.root, args.dry_run)
    except ValueError as error:
        parser.error(str(error))
    for name, count in sorted(changed.items()):
        print(f"{count:3d}  {name}")
    print(f"{'would change' if args.dry_run else 'changed'} {len(changed)} files; "
          "run make test, then update the Pages and Colab links you publish")
    return 0


if __name__ == "__main__":
    sys.exit(main())
