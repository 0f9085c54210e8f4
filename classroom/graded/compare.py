"""The grader's own comparisons: plain Python floats, no NumPy (nothing a submission could have replaced).

The grader compares in its own process, which never runs a student's code; these functions take the numbers
the submission's process reported (floats and nested lists of floats) and the reference computed here.
"""

from __future__ import annotations

import math


def flat(v) -> list[float]:
    if isinstance(v, (list, tuple)):
        return [x for item in v for x in flat(item)]
    return [float(v)]


def _entry(i: int, n: int) -> str:
    """How a message names entry i of n numbers ("the value" for a single number, as a teacher asked)."""
    return "the value" if n == 1 else f"entry {i}"


def close(got, ref, rtol: float, atol: float) -> tuple[bool, str]:
    """Every entry |got − ref| <= atol + rtol·|ref| (and the same number of entries); (ok, why not)."""
    g, r = flat(got), flat(ref)
    if len(g) != len(r):
        return False, f"{len(g)} numbers where {len(r)} were expected"
    outside = []
    for i, (x, y) in enumerate(zip(g, r)):
        if not math.isfinite(x):
            return False, f"{_entry(i, len(r))} is {x}"
        if abs(x - y) > atol + rtol * abs(y):
            outside.append(i)
    if not outside:
        return True, ""
    if len(r) == 1:                                      # which entries, not by how much: that would tell the reference
        return False, "outside the tolerance"
    if len(outside) == len(r):
        return False, f"outside the tolerance in every entry (all {len(r)})"
    shown = ", ".join(map(str, outside[:6])) + (", …" if len(outside) > 6 else "")
    return False, f"outside the tolerance in {len(outside)} of {len(r)} entries (entr{'ies' if len(outside) > 1 else 'y'} {shown})"


def log_close(got, ref, factor: float) -> tuple[bool, str]:
    """Every entry within a factor `factor` of the reference (both floored at 1e-18: exact zeros happen)."""
    g, r = flat(got), flat(ref)
    if len(g) != len(r):
        return False, f"{len(g)} numbers where {len(r)} were expected"
    for i, (x, y) in enumerate(zip(g, r)):
        if not math.isfinite(x) or x < 0:
            return False, f"{_entry(i, len(r))} is {x}"
        if abs(math.log(max(x, 1e-18)) - math.log(max(y, 1e-18))) > math.log(factor):
            return False, (f"{_entry(i, len(r))} is {x:.2g}, more than a factor {factor:g} from the expected size "
                           "(not which way)")
    return True, ""


# ------------------------------------------------------------------ the references' own arithmetic, plain floats

def sigmoid(t: float) -> float:
    """σ(t) = 1/(1 + e^(−t)) for one float, without overflow in either tail."""
    return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))


def rows(A) -> list[list[float]]:
    """A matrix (an array or nested lists) as a list of rows of floats."""
    return [[float(v) for v in row] for row in A]


def solve(A, b) -> list[float]:
    """The solution of A x = b by Gaussian elimination with partial pivoting (A square and invertible)."""
    n = len(b)
    M = [[float(v) for v in row] + [float(b[i])] for i, row in enumerate(A)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(M[r][c]))
        M[c], M[p] = M[p], M[c]
        for r in range(c + 1, n):
            f = M[r][c] / M[c][c]
            M[r] = [a - f * b_ for a, b_ in zip(M[r], M[c])]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (M[r][n] - sum(M[r][j] * x[j] for j in range(r + 1, n))) / M[r][r]
    return x
