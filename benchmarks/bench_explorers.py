"""How fast each interactive figure (helpers.explorers) redraws in a live kernel.

One control step in a live notebook costs: the ipywidgets observer, the new scene computed with helpers
(loss curves, a gradient-descent path...), and the message to the browser serialised to JSON. This script
times exactly that, from ``slider.value = v`` to the JSON text of the message that would go over the comm
(the view's ``send`` is replaced by ``json.dumps``), for a sweep of steps of every control, and prints the
median and the 90th percentile per explorer. LossSurfaceExplorer keeps the gradient-descent runs it has
computed; the cache is emptied before every step, so its times are those of starting points never seen. The browser then only draws (a few ms, measured by
tests/browser/test_explorers_browser.py). The target is a median of at most 30 ms.

Run:  python benchmarks/bench_explorers.py          (about 20 s)
This is a script that prints figures, never a pass/fail test.
"""

from __future__ import annotations

import json
import os
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_limits

from helpers import LossSurfaceExplorer, NewtonExplorer, OneWeightExplorer, TwoCasesExplorer, add_intercept, sigmoid

TARGET_MS = 30.0


def chapter5_data():
    """The running example of chapter 5 (standardised age, 60 people, seed 7)."""
    rng = np.random.default_rng(7)
    age = rng.normal(45, 12, size=60).round()
    y = (rng.uniform(size=60) < sigmoid(-9 + 0.2 * age)).astype(float)
    return add_intercept(((age - age.mean()) / age.std())[:, None]), y


def sweeps(explorer):
    """(control name, values) to step through: every value control, a dozen steps each."""
    out = []
    for c in explorer.controls:
        if c["type"] == "slider":
            values = np.linspace(c["min"], c["max"], 13)
            values = [int(round(v)) if c.get("integer") else round(float(v) / c["step"]) * c["step"] for v in values]
            out.append((c["name"], values))
        elif c["type"] in ("choice", "select"):
            out.append((c["name"], [o[1] for o in c["options"]] * 3))
    return out


def time_explorer(explorer, repeats=3):
    box = explorer.widget()
    sent = []
    explorer._view.send = lambda content, buffers=None: sent.append(json.dumps(content, allow_nan=False))
    explorer._on_view_message(explorer._view, {"type": "ready"})  # the browser asks for the first frame
    inputs = explorer._inputs
    times = []
    for _ in range(repeats):
        for name, values in sweeps(explorer):
            start = dict(explorer.state)
            for v in values:
                if inputs[name].value == v:
                    continue
                n = len(sent)
                cache = getattr(explorer, "_run_cache", None)
                if cache is not None:
                    cache.clear()  # the worst case: a start never seen before (a repeat would be a lookup)
                t0 = time.perf_counter()
                inputs[name].value = v
                t1 = time.perf_counter()
                assert len(sent) == n + 1, "one control step must send exactly one scene"
                times.append(t1 - t0)
            explorer.set(**start)
    return np.array(times) * 1000, len(sent[-1]), box


def main():
    X, y = chapter5_data()
    makers = {
        "OneWeightExplorer()": lambda: OneWeightExplorer(),
        "LossSurfaceExplorer()": lambda: LossSurfaceExplorer(),
        "TwoCasesExplorer()": lambda: TwoCasesExplorer(),
        "NewtonExplorer(X, y) [chapter 5 data]": lambda: NewtonExplorer(X, y),
    }
    print(f"Live redraw of each explorer: control step -> scene computed -> message serialised (target: median <= {TARGET_MS:.0f} ms)")
    print(f"cpu count {os.cpu_count()}, BLAS limited to 1 thread\n")
    print(f"{'explorer':<40} {'steps':>6} {'median':>9} {'p90':>9} {'max':>9} {'message':>10}  within target")
    with threadpool_limits(1):
        for name, make in makers.items():
            explorer = make()
            ms, message_bytes, _ = time_explorer(explorer)
            median = statistics.median(ms)
            print(f"{name:<40} {ms.size:>6} {median:>7.2f}ms {np.percentile(ms, 90):>7.2f}ms {ms.max():>7.2f}ms "
                  f"{message_bytes / 1024:>8.1f}KB  {'yes' if median <= TARGET_MS else 'NO'}")


if __name__ == "__main__":
    main()
