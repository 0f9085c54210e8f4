"""Speed of helpers against scikit-learn, single-threaded, measured in the same run.

Prints, for each comparison, the median time of each side over interleaved
repetitions, the median of the per-round ratios (helpers / scikit-learn; below 1
means helpers is faster) and, for the loss-and-gradient, how far it is from the
memory-bandwidth floor (reading X twice per call); and the time of the separation check
(helpers.detect_separation), which fit_newton pays only when it suspects separation.

Run:  python benchmarks/bench_helpers.py          (about a minute)
This is a script that prints figures, never a pass/fail test.
"""

from __future__ import annotations

import os
import statistics
import time
import warnings

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from helpers import add_intercept, detect_separation, fit_newton, log_loss_and_gradient


def interleaved(a, b, rounds):
    """Time callables ``a`` and ``b`` alternately; return their times and per-round ratios."""
    ta, tb = [], []
    a(), b()  # warm up
    for r in range(rounds):
        first, second = (a, b) if r % 2 == 0 else (b, a)
        t0 = time.perf_counter()
        first()
        t1 = time.perf_counter()
        second()
        t2 = time.perf_counter()
        if first is a:
            ta.append(t1 - t0)
            tb.append(t2 - t1)
        else:
            tb.append(t1 - t0)
            ta.append(t2 - t1)
    ratios = [x / y for x, y in zip(ta, tb)]
    return ta, tb, ratios


def memory_bandwidth(nbytes=400_000_000, rounds=5):
    """Bytes per second for a streaming read (a sum over a large array)."""
    a = np.ones(nbytes // 8)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        a.sum()
        times.append(time.perf_counter() - t0)
    return a.nbytes / min(times)


def main():
    from sklearn._loss.loss import HalfBinomialLoss
    from sklearn.linear_model import LogisticRegression
    from sklearn.linear_model._linear_loss import LinearModelLoss

    rng = np.random.default_rng(0)
    ms = lambda ts: 1e3 * statistics.median(ts)

    print("BLAS:", ", ".join(f"{i['internal_api']} {i.get('architecture', '')}" for i in threadpool_info()))
    bw = memory_bandwidth()
    print(f"streaming read bandwidth: {bw / 1e9:.1f} GB/s")

    # 1. loss and gradient, X of shape (100000, 50)
    m, n = 100_000, 50
    X = rng.standard_normal((m, n))
    theta = rng.standard_normal(n) / np.sqrt(n)
    y = (rng.random(m) < 1 / (1 + np.exp(-X @ theta))).astype(float)
    lml = LinearModelLoss(base_loss=HalfBinomialLoss(), fit_intercept=False)
    ours_lg = lambda: log_loss_and_gradient(theta, X, y)
    theirs_lg = lambda: lml.loss_gradient(theta, X, y)
    l1, g1 = ours_lg()
    l2, g2 = theirs_lg()
    assert np.isclose(l1, l2, rtol=1e-12) and np.allclose(g1, g2, rtol=1e-10, atol=1e-14)
    ta, tb, ratios = interleaved(ours_lg, theirs_lg, rounds=200)
    floor = 2 * X.nbytes / bw
    print(f"\nlog_loss_and_gradient, X {m} x {n} float64, 1 thread, 200 interleaved rounds")
    print(f"  helpers      median {ms(ta):7.2f} ms")
    print(f"  scikit-learn median {ms(tb):7.2f} ms   (LinearModelLoss(HalfBinomialLoss()).loss_gradient)")
    print(f"  median ratio helpers / scikit-learn: {statistics.median(ratios):.3f}")
    print(f"  floor (read X twice at {bw / 1e9:.1f} GB/s): {1e3 * floor:.2f} ms; helpers is {ms(ta) / (1e3 * floor):.2f} x the floor")

    # 2. Newton's method, X of shape (20000, 50) with an intercept
    m, n = 20_000, 50
    X = add_intercept(rng.standard_normal((m, n - 1)))
    theta = rng.standard_normal(n) / np.sqrt(n)
    y = (rng.random(m) < 1 / (1 + np.exp(-X @ theta))).astype(float)
    clf = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-8, fit_intercept=False)
    ours_fit = lambda: fit_newton(X, y)
    theirs_fit = lambda: clf.fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn's FutureWarnings about penalty=None/C=inf
        res = ours_fit()
        theirs_fit()
        diff = np.max(np.abs(res.theta - clf.coef_.ravel())) / np.max(np.abs(res.theta))
        ta, tb, ratios = interleaved(ours_fit, theirs_fit, rounds=30)
    print(f"\nfit_newton vs LogisticRegression(C=inf, solver='newton-cholesky', tol=1e-8), {m} x {n}, 1 thread, 30 rounds")
    print(f"  helpers      median {ms(ta):7.2f} ms  ({res.n_iter} Newton steps, converged={res.converged})")
    print(f"  scikit-learn median {ms(tb):7.2f} ms  ({int(clf.n_iter_[0])} iterations)")
    print(f"  median ratio helpers / scikit-learn: {statistics.median(ratios):.3f}")
    print(f"  same theta: max |difference| / max |theta| = {diff:.2e}")

    # 3. the separation check (a linear program), which fit_newton runs only when it suspects separation
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        found = detect_separation(X, y)
        times.append(time.perf_counter() - t0)
    print(f"\ndetect_separation on the same {m} x {n} data: median {ms(times):7.2f} ms ({found.kind}); "
          f"{ms(times) / ms(ta):.1f} x one fit_newton")


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    with threadpool_limits(limits=1):
        main()
