"""Planted submissions of chapter 02 (see classroom/graded/planted.py): the edits and the fair scores."""

from classroom.graded.planted import NO_CHECK, context

OTHER = {
    "1": """labels = list(data["y"])                      # the book's way: a grid in θ0, plain lists
m = len(labels)
ones = np.ones((m, 1))
grid = np.linspace(-4, 4, 8001)
losses = [log_loss([t], ones, labels) for t in grid]
best_theta0 = grid[int(np.argmin(losses))]           # a NumPy float, on the grid
best_h = sigmoid(best_theta0)
min_loss = min(losses)""",
    "2": """w = sp.Symbol("w")                                  # my own symbol; SymPy differentiates
ell = {0: sp.log(1 + sp.exp(w)), 1: sp.log(1 + sp.exp(-w))}
sq = {lab: (1 / (1 + sp.exp(-w)) - lab) ** 2 / 2 for lab in (0, 1)}
log_slopes, sq_slopes = [], []
for t, lab in zip(data["scores"], data["score_labels"]):
    log_slopes.append(float(sp.diff(ell[int(lab)], w).subs(w, t)))
    sq_slopes.append(float(sp.diff(sq[int(lab)], w).subs(w, t)))
log_slopes = tuple(log_slopes)                      # a tuple""",
    "3": """import math
h0 = data["h0"]
total_at_h0 = math.exp(1 - 1 / h0) + math.exp(1 - 1 / (1 - h0))
k = int(sum(data["y"])); m = len(data["y"])
exp_best_h = np.array(math.sqrt(k) / (math.sqrt(k) + math.sqrt(m - k)))   # solved by hand, a 0-d array""",
}


def plants(student_id):
    spec, d, ref, sol = context("02_designing_log_loss", student_id)
    no_check = NO_CHECK
    return {
        "correct": ({}, {"1": 3, "2": 2, "3": 1}),
        "correct, another form": (OTHER, {"1": 3, "2": 2, "3": 1}),
        "sign error (y − σ), θ0 upside down": ({
            "1": sol["1"].replace("np.log(best_h / (1 - best_h))", "np.log((1 - best_h) / best_h)")
                         .replace("assert ", "# assert "),
            "2": sol["2"].replace("hs - ys", "ys - hs").replace(*no_check)},
            {"1": 1, "2": 0, "3": 1}),
        "missing 1/m, frequency as exponential minimiser": ({
            "1": sol["1"].replace("min_loss = log_loss(np.array([best_theta0]), np.ones((m, 1)), y)",
                                  "min_loss = m * log_loss(np.array([best_theta0]), np.ones((m, 1)), y)"),
            "3": sol["3"].replace("exp_best_h = float(roots[0])", "exp_best_h = k / m")},
            {"1": 2, "2": 2, "3": 0}),
        "wrong shape": ({"2": sol["2"].replace("sq_slopes = (hs - ys) * hs * (1 - hs)",
                                               "sq_slopes = np.outer(hs - ys, hs * (1 - hs))"),
                         "3": sol["3"].replace("exp_best_h = float(roots[0])", "exp_best_h = roots")},
                        {"1": 3, "2": 1, "3": 0}),
        "hard-coded numbers": ({
            "1": f"best_h = {ref['best_h']!r}\nbest_theta0 = {ref['best_theta0']!r}\nmin_loss = {ref['min_loss']!r}",
            "2": f"log_slopes = {ref['log_slopes']!r}\nsq_slopes = {ref['sq_slopes']!r}",
            "3": f"total_at_h0 = {ref['total_at_h0']!r}\nexp_best_h = {ref['exp_best_h']!r}"},
            {"1": 0, "2": 0, "3": 0}),
        "crash midway": ({"3": sol["3"].replace("mean_cost = (k * (1 / h - 1)", "mean_cost = (k * (1 / H - 1)")},
                         {"1": 3, "2": 2, "3": 0}),
        "untouched": (None, {"1": 0, "2": 0, "3": 0}),
        "copied public solution": ("book", {"1": 0, "2": 0, "3": 0}),
        "patched np.testing, strings, wrong answers": ({
            "1": "import math\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\n"
                 "math.isclose = lambda *a, **k: True\nbest_h = '0.3'\nbest_theta0 = 0.0\nmin_loss = np.log(2)",
            "2": "log_slopes = ['0.1'] * 8\nsq_slopes = np.zeros(8)",
            "3": "total_at_h0 = 2 / np.e\nexp_best_h = 0.5"},
            {"1": 0, "2": 0, "3": 0}),
    }
