"""Planted submissions of chapter 01 (see classroom/graded/planted.py): the edits and the fair scores."""

from classroom.graded.planted import context

OTHER = {
    "1": """import math                      # by hand: plain floats, the formulas derived on paper
x, y, w = data["x1"], data["y1"], data["w1"]
h = 1 / (1 + math.exp(-w * x))
slope_log = np.float64((h - y) * x)
slope_sq = (h - y) * h * (1 - h) * x
ratio = np.array(slope_sq / slope_log)          # a 0-d array""",
    "2": """xs, ys = data["X"][:, 0].tolist(), list(data["y"])   # my own loop, plain lists

def slope(w):
    hs = [1 / (1 + np.exp(-w * x)) for x in xs]
    return sum((h - t) * h * (1 - h) * x for h, t, x in zip(hs, ys, xs)) / len(xs)

def run(w):
    steps = 0
    while abs(slope(w)) > 1e-8 and steps < 20000:
        w = w - data["lr"] * slope(w)
        steps += 1
    return w, steps

w_a, steps_near = run(data["w_near"])
w_min, steps_far = run(data["w_far"])""",
}


def plants(student_id):
    spec, d, ref, sol = context("01_why_not_mse", student_id)
    no_check = ("assert ", "# assert ")
    by_hand = """x1, y1, w1 = data["x1"], data["y1"], data["w1"]
h = sigmoid(w1 * x1)
slope_sq = (h - y1) * h * (1 - h) * x1
slope_log = (h - y1) * x1
ratio = slope_sq / slope_log"""
    return {
        "correct": ({}, {"1": 3, "2": 3}),
        "correct, another form": (OTHER, {"1": 3, "2": 3}),
        "sign error (y − h)": ({"1": by_hand.replace("(h - y1)", "(y1 - h)")}, {"1": 1, "2": 3}),
        "inner factor x dropped, ½ dropped": ({
            "1": by_hand.replace(" * x1\n", "\n").replace("(h - y1) * x1", "(h - y1)"),
            "2": "def without_half(t, X, y):               # (1/m) Σ (h − y)²: twice the chapter's loss\n"
                 "    J, g = mse_loss_and_gradient(t, X, y)\n    return 2 * J, 2 * g\n\n"
                 + sol["2"].replace("gradient_descent(mse_loss_and_gradient", "gradient_descent(without_half")},
            {"1": 1, "2": 1}),
        "wrong shape": ({"1": sol["1"].replace("float(log_loss_and_gradient(*one)[1][0])",
                                               "log_loss_and_gradient(*one)[1]").replace(*no_check),
                         "2": sol["2"].replace("w_min = float(far.theta[0])", "w_min = far.theta")},
                        {"1": 1, "2": 2}),
        "hard-coded numbers": ({
            "1": f"slope_sq = {ref['slope_sq']!r}\nslope_log = {ref['slope_log']!r}\nratio = {ref['ratio']!r}",
            "2": f"w_min = {ref['w_min']!r}\nsteps_near = {ref['steps_near']!r}\nsteps_far = {ref['steps_far']!r}"},
            {"1": 0, "2": 0}),
        "crash midway": ({"2": sol["2"].replace('args=(X, y)', 'args=(X1, y1)')}, {"1": 3, "2": 0}),
        "untouched": (None, {"1": 0, "2": 0}),
        "copied public solution": ("book", {"1": 0, "2": 0}),
        "patched np.testing, strings, wrong answers": ({
            "1": "import math\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\n"
                 "math.isclose = lambda *a, **k: True\n"
                 "slope_sq = '0.0025'\nslope_log = 0.9975\nratio = sigmoid(6.0) * (1 - sigmoid(6.0))",
            "2": "w_min = 1.03\nsteps_near = 54\nsteps_far = '3341'"},
            {"1": 0, "2": 0}),
    }
