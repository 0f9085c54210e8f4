"""How alike two pieces of answer code are, whatever their names, comments and spacing (for the teacher, not a score).

The answer key's code (SOLUTIONS of each spec) is public in the repository, and a friend's notebook can be handed
in with the ID changed: both score full marks, since the values are right. This module normalises code to its
tokens (comments, blank lines and layout dropped; every variable name one placeholder; attribute names, numbers,
strings and operators kept) and measures the overlap of token 5-grams (Jaccard). A submission is flagged when an
exercise's answer is at least SIMILAR alike with the key (its tokens as written, or with the lines of each sorted:
the key reordered), or with another submission, and has at least MIN_TOKENS
tokens (about two lines: a one-liner such as `z_peak = -data["b"] / data["a"]`, 12 tokens, is written alike by
everyone and flags no one).

The threshold is set on the planted submissions: correct answers written independently of the key (each chapter's
"correct, another form", and a teacher's own other-form notebooks) score at most 0.41 against the key; a teacher's
correct notebooks written with the key at hand, 0.76 at most (0.83 where the prompt names every call), except one
exercise typed line for line as the key (0.94, flagged); a key padded with a line of its own per exercise, 0.74-0.81:
not told apart, and not held; the key copied, with names changed or comments added, scores 1.0 (tests/test_classroom_graded.py).
"""

from __future__ import annotations

import io
import keyword
import tokenize

SIMILAR = 0.85
MIN_TOKENS = 20
#: the share of the grader's reference code (its 5-grams) that, found in a submission's answers, flags it: pasted
#: (an independent answer shares a few short runs with it; see tests/test_classroom_graded.py)
REFERENCE_SHARE = 0.5
K = 5
SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER,
        tokenize.ENCODING}


#: a statement that only checks or shows (assert, np.testing.…, print) is left out: deleting the key's checks is the
#: cheapest disguise of a copy (a teacher's lightly edited keys scored full marks, unheld)
CHECKS = ("assert", "print")


def tokens(source: str, sort_lines: bool = False) -> list[str]:
    """The code's tokens: names replaced by `_` (except keywords and attribute names), layout, comments and the
    statements that only check or show dropped. With `sort_lines`, its logical lines in sorted order, so that code
    with its lines reordered gives the same tokens (a teacher's key with two lines swapped in each cell escaped)."""
    lines, line, prev = [], [], None

    def end_line():
        words = [w for w, _ in line]
        if words and not (words[0] in CHECKS or "testing" in words):
            lines.append([t for _, t in line])
        line.clear()

    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NEWLINE:
                end_line()
            if tok.type in SKIP:
                continue
            text = tok.string
            if tok.type == tokenize.NAME and not keyword.iskeyword(text) and prev != ".":
                text = "_"
            line.append((tok.string, text))
            prev = tok.string
        end_line()
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source.split()                       # not Python: compare the words as they are
    return [t for one in (sorted(lines) if sort_lines else lines) for t in one]


def grams(toks: list[str], k: int = K) -> set:
    if len(toks) < k:
        return {tuple(toks)} if toks else set()
    return {tuple(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def jaccard(ga: set, gb: set) -> float:
    """Jaccard similarity of two sets of k-grams (0: nothing alike, 1: the same code)."""
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def alike_grams(n: int, ga: set, m: int, gb: set) -> float | None:
    """The similarity of two answers of n and m tokens, given their k-grams (computed once per answer, for the
    gradebook's every pair), if both have substance and are nearly identical, else None."""
    if min(n, m) < MIN_TOKENS:
        return None
    s = jaccard(ga, gb)
    return s if s >= SIMILAR else None


def contained(a: list[str], b: list[str]) -> float | None:
    """The share of a's k-grams found in b, if a has substance and nearly all of it is there, else None."""
    ga = grams(a)
    if len(a) < MIN_TOKENS or not ga:
        return None
    share = len(ga & grams(b)) / len(ga)
    return share if share >= SIMILAR else None


def alike(a: list[str], b: list[str]) -> float | None:
    """The similarity if both answers have substance and are nearly identical, else None."""
    return alike_grams(len(a), grams(a), len(b), grams(b))
