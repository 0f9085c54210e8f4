"""Planted submissions of chapter 05 (see classroom/graded/planted.py): the edits and the fair scores."""

from classroom.graded.planted import NO_CHECK, context

OTHER = {
    "1": """X, y, α = data["X"], data["y"], data["alpha"]      # my own loop, the iterates in a list of lists
m = len(y)
θ = data["theta_start"].copy()
path_no_half = [θ.tolist()]
for _ in range(30):
    θ = θ - α * (2 / m) * X.T @ (X @ θ - y)
    path_no_half.append(θ.tolist())
rate_half = np.float64(α * 2)""",
    "2": """X, y = data["X"], data["y"]
theta_normal = list(np.linalg.lstsq(X, y, rcond=None)[0])   # least squares directly, a list
gap = max(abs(a - b) for a, b in zip(path_no_half[-1], theta_normal))""",
    "3": """X, y, θ = data["X"], data["y"], data["theta"]
m = X.shape[0]
abs_loss = sum(abs(xi @ θ - yi) for xi, yi in zip(X, y)) / m
abs_gradient = tuple(sum(np.sign(xi @ θ - yi) * xi[j] for xi, yi in zip(X, y)) / m for j in range(3))""",
}


def plants(student_id):
    spec, d, ref, sol = context("05_same_update_rule", student_id)
    no_check = NO_CHECK
    return {
        "correct": ({}, {"1": 2, "2": 2, "3": 1}),
        "correct, another form": (OTHER, {"1": 2, "2": 2, "3": 1}),
        "sign error sign(y − Xθ)": ({"3": sol["3"].replace("np.sign(X @ θ - y)", "np.sign(y - X @ θ)")
                                                  .replace(*no_check)}, {"1": 2, "2": 2, "3": 0}),
        "factor 2 dropped, missing 1/m": ({
            "1": sol["1"].replace("return 2 * least_squares_loss(t, X, y), 2 * least_squares_gradient(t, X, y)",
                                  "return 2 * least_squares_loss(t, X, y), least_squares_gradient(t, X, y)")
                         .replace("rate_half = 2 * α", "rate_half = α").replace(*no_check),
            "3": sol["3"].replace(" / X.shape[0]", "").replace(*no_check)},
            {"1": 0, "2": 2, "3": 0}),
        "wrong shape": ({"1": sol["1"].replace("path_no_half = run.path", "path_no_half = run.path.T")
                                      .replace("same.path, path_no_half", "same.path, path_no_half.T"),
                         "2": sol["2"].replace("theta_normal = np.linalg.solve(X.T @ X, X.T @ y)",
                                               "theta_normal = np.linalg.solve(X.T @ X, (X.T @ y)[:, None])")
                                      .replace("least_squares_gradient(theta_normal,",
                                               "least_squares_gradient(theta_normal[:, 0],")},
                        {"1": 1, "2": 0, "3": 1}),        # its gap is then a 3 × 3 broadcast: wrong too
        "hard-coded numbers": ({
            "1": f"path_no_half = {ref['path_no_half']!r}\nrate_half = {ref['rate_half']!r}",
            "2": f"theta_normal = {ref['theta_normal']!r}\ngap = {ref['gap']!r}",
            "3": f"abs_loss = {ref['abs_loss']!r}\nabs_gradient = {ref['abs_gradient']!r}"},
            {"1": 0, "2": 0, "3": 0}),
        "crash midway": ({"2": sol["2"].replace("assert np.abs(least_squares_gradient(theta_normal, X, y))",
                                                "assert np.abs(least_squares_gradient(theta_normal, X, y_line))")},
                         {"1": 2, "2": 1, "3": 1}),       # theta_normal was defined before the crash
        "untouched": (None, {"1": 0, "2": 0, "3": 0}),
        "copied public solution": ("book", {"1": 0, "2": 0, "3": 0}),
        "patched np.testing, strings, wrong answers": ({
            "1": "import math\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\n"
                 "math.isclose = lambda *a, **k: True\npath_no_half = np.zeros((31, 3))\nrate_half = '0.4'",
            "2": "theta_normal = ['1.0', '2.0', '3.0']\ngap = 0.0",
            "3": "abs_loss = 1.0\nabs_gradient = np.array([0.1, 0.2, 0.3])"},
            {"1": 0, "2": 0, "3": 0}),
    }
