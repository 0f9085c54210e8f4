"""Planted submissions of chapter 06 (see classroom/graded/planted.py): the edits and the fair scores."""

from classroom.graded.planted import NO_CHECK, context

OTHER = {
    "1": """X_ls, y_ls = data["X_ls"], data["y_ls"]          # one step is the normal equations: lstsq, as lists
m = len(y_ls)
hessian_ls = (X_ls.T @ X_ls / m).tolist()
theta_one_step = list(np.linalg.lstsq(X_ls, y_ls, rcond=None)[0])""",
    "2": """X, y, A, θ0 = data["X"], data["y"], data["A"], data["theta0"]   # by the identities, with inverses
g = log_loss_gradient(θ0, X, y)
H = log_loss_hessian(θ0, X, y)
d = -np.linalg.inv(H) @ g
grad_prime = tuple(A.T @ g)
step_prime = np.linalg.inv(A) @ d
decrement = np.sqrt(-g @ d)                          # a NumPy float""",
    "3": """X, y, A, θ0 = data["X"], data["y"], data["A"], data["theta0"]
m = len(y)
G = A.T @ (X.T @ X / (4 * m)) @ A                    # by the identity X'ᵀX' = AᵀXᵀXA
L_bound = max(np.linalg.eigvals(G).real)            # eigvals, not eigvalsh
h = sigmoid(X @ θ0)                                  # X'θ'0 = Xθ0: the same h
H = A.T @ ((X * (h * (1 - h))[:, None]).T @ X / m) @ A
lam_max_theta = np.linalg.norm(H, 2)                 # the spectral norm of a PSD matrix""",
}


def plants(student_id):
    spec, d, ref, sol = context("06_minimising", student_id)
    no_check = NO_CHECK
    return {
        "correct": ({}, {"1": 2, "2": 3, "3": 2}),
        "correct, another form": (OTHER, {"1": 2, "2": 3, "3": 2}),
        "sign error (θ + H⁻¹g)": ({
            "1": sol["1"].replace("θ_0 - np.linalg.solve", "θ_0 + np.linalg.solve").replace("assert ", "# assert "),
            "2": sol["2"].replace("step_prime = -np.linalg.solve", "step_prime = np.linalg.solve").replace(*no_check)},
            {"1": 1, "2": 2, "3": 2}),
        "missing 1/m": ({
            "1": sol["1"].replace("hessian_ls = X_ls.T @ X_ls / len(y_ls)", "hessian_ls = X_ls.T @ X_ls")
                         .replace("least_squares_gradient(θ_0, X_ls, y_ls))",
                                  "len(y_ls) * least_squares_gradient(θ_0, X_ls, y_ls))"),
            "3": sol["3"].replace("/ (4 * m))", "/ 4)").replace("assert ", "# assert ")},
            {"1": 1, "2": 3, "3": 1}),                       # the step is right: the two m's cancel
        "A where Aᵀ, A⁻¹ forgotten": ({"2": """X, y, A, θ0 = data["X"], data["y"], data["A"], data["theta0"]
g = log_loss_gradient(θ0, X, y)
H = log_loss_hessian(θ0, X, y)
grad_prime = A @ g
step_prime = -np.linalg.solve(H, g)
decrement = float(np.sqrt(g @ np.linalg.solve(H, g)))"""}, {"1": 2, "2": 1, "3": 2}),
        "wrong shape": ({"2": sol["2"].replace("grad_prime = log_loss_gradient(θ_prime, X_prime, y)",
                                               "grad_prime = log_loss_gradient(θ_prime, X_prime, y)[:, None]")
                                      .replace("hessian(θ_prime, X_prime, y), grad_prime)",
                                               "hessian(θ_prime, X_prime, y), grad_prime[:, 0])")
                                      .replace(*no_check),
                         "3": sol["3"].replace("lam_max_theta = float(np.linalg.eigvalsh(", "lam_max_theta = (np.linalg.eigvalsh(")
                                      .replace("X_prime, y))[-1])", "X_prime, y)))")},
                        {"1": 2, "2": 2, "3": 1}),
        "hard-coded numbers": ({
            "1": f"hessian_ls = {ref['hessian_ls']!r}\ntheta_one_step = {ref['theta_one_step']!r}",
            "2": f"grad_prime = {ref['grad_prime']!r}\nstep_prime = {ref['step_prime']!r}\ndecrement = {ref['decrement']!r}",
            "3": f"L_bound = {ref['L_bound']!r}\nlam_max_theta = {ref['lam_max_theta']!r}"},
            {"1": 0, "2": 0, "3": 0}),
        "crash midway": ({"2": sol["2"].replace("g = log_loss_gradient(θ0, X, y)",
                                                "g = log_loss_gradient(θ0, X_raw, y)")},
                         {"1": 2, "2": 2, "3": 2}),        # grad_prime and step_prime came before the crash
        "untouched": (None, {"1": 0, "2": 0, "3": 0}),
        "copied public solution": ("book", {"1": 0, "2": 0, "3": 0}),
        "patched np.testing, strings, wrong answers": ({
            "1": "import math\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\n"
                 "math.isclose = lambda *a, **k: True\nhessian_ls = np.eye(3)\ntheta_one_step = ['1.0', '-2.0', '0.5']",
            "2": "grad_prime = np.zeros(2)\nstep_prime = np.zeros(2)\ndecrement = '0.0'",
            "3": "L_bound = 0.25\nlam_max_theta = 0.25"},
            {"1": 0, "2": 0, "3": 0}),
    }
