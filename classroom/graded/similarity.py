"""How alike two pieces of answer code are, whatever their names, comments and spacing (for the teacher, not a score).

The answer key's code (SOLUTIONS of each spec) is public in the repository, and a friend's notebook can be handed
in with the ID changed: both score full marks, since the values are right. This module normalises code to its
tokens (comments, blank lines and layout dropped; every variable name one placeholder; attribute names, numbers,
strings and operators kept) and measures the overlap of token 5-grams (Jaccard). A submission is flagged when an
exercise's answer is at least SIMILAR alike with the key (its tokens as written, or with the lines of each sorted:
the key reordered; in both, without the assignments nothing reads: padding), or with another submission, and has at
least MIN_TOKENS tokens (about two lines: a one-liner such as `z_peak = -data["b"] / data["a"]`, 12 tokens, is written
alike by everyone and flags no one).

The threshold is set on the planted submissions: correct answers written independently of the key (each chapter's
"correct, another form", and a teacher's own other-form notebooks) score at most 0.41 against the key; a teacher's
correct notebooks written with the key at hand, 0.76 at most (0.83 where the prompt names every call), except one
exercise typed line for line as the key (0.94, flagged); a key padded with lines nothing reads, 0.74-0.81 as written,
1.0 once they are left out; the key copied, with names changed or comments added, scores 1.0
(tests/test_classroom_graded.py).
"""

from __future__ import annotations

import ast
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


def _bound_names(statement) -> list[str] | None:
    """The names an assignment binds, if it binds only names (`a = …`, `a, b = …`, `a += …`), else None."""
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        targets = [statement.target]
    else:
        return None
    names = []
    for target in targets:
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)) and all(isinstance(e, ast.Name) for e in target.elts):
            names.extend(e.id for e in target.elts)
        else:
            return None
    return names


def _only_checks(statement) -> bool:
    """A statement that `tokens` drops: an assert, or a call of print or of anything under `testing`."""
    if isinstance(statement, ast.Assert):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        words = [n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(statement.value.func)
                 if isinstance(n, (ast.Name, ast.Attribute))]
        return bool(words) and (words[-1] in CHECKS or "testing" in words or words[0] in CHECKS)
    return False


def without_dead_assignments(sources: list[str], keep: set) -> list[str]:
    """The sources (one notebook's answer cells, read together) without their top-level assignments to names that
    nothing else reads and that are not in `keep` (the graded names), repeated until none is left: padding, such as a
    line of its own after each statement of a copied key (two teachers' disguises, 0.74-0.81 alike as written).
    A source that does not parse is left as it is."""
    trees = []
    for source in sources:
        try:
            trees.append(ast.parse(source))
        except (SyntaxError, ValueError):
            trees.append(None)
    statements = [(k, st) for k, tree in enumerate(trees) if tree is not None for st in tree.body]
    # what a check or a print reads does not count: `tokens` drops those statements (a key's checks read names that
    # a copy without them leaves unread)
    loads = [set() if _only_checks(st) else
             {n.id for n in ast.walk(st) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
             for _, st in statements]
    bound = [_bound_names(st) for _, st in statements]
    dead: set[int] = set()
    while True:
        read = [set().union(*(loads[j] for j in range(len(statements)) if j != i and j not in dead))
                for i in range(len(statements))] if statements else []
        more = {i for i, names in enumerate(bound) if i not in dead and names is not None
                and not (set(names) & (read[i] | keep))}
        if not more:
            break
        dead |= more
    out = []
    for k, source in enumerate(sources):
        if trees[k] is None:
            out.append(source)
            continue
        lines = source.splitlines()
        drop, live = set(), set()
        for i, (cell, st) in enumerate(statements):
            if cell == k:
                span = set(range(st.lineno - 1, (st.end_lineno or st.lineno)))
                (drop if i in dead else live).update(span)
        out.append("\n".join(line for n, line in enumerate(lines) if n not in drop - live))
    return out

