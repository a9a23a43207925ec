"""Self-checks for chapter 3 (gradient descent)."""

import numpy as np

from ..optim import SGD, Adam
from . import Case, Mistake, cases, run_check

__all__ = ["gradient_descent", "polynomial_gradient", "adam_step"]


def _quadratic(h):
    """Gradient of L(w) = ½ wᵀ diag(h) w − sum(w): a bowl with its minimum at w = 1/h."""
    h = np.asarray(h, dtype=float)
    return lambda w: h * w - 1.0


def _descend(grad, w0, lr, steps):
    w = np.array(w0, dtype=float)
    opt = SGD([w], lr)
    path = [w.copy()]
    for _ in range(steps):
        opt.step([grad(w)])
        path.append(w.copy())
    return np.array(path)


def gradient_descent(fn):
    """Check fn(grad, w0, lr, steps) -> the path (steps + 1, d): w0 and every point after it."""
    inputs = [(_quadratic([1.0, 4.0]), np.array([2.0, -1.0]), 0.1, 5),
              (_quadratic([2.0]), np.array([3.0]), 0.3, 8),
              (_quadratic([1.0, 10.0, 0.5]), np.array([0.0, 1.0, -2.0]), 0.05, 1),
              (_quadratic([3.0, 1.0]), np.array([1.5, 2.5]), 0.2, 0)]
    labels = ["2 weights, 5 steps", "1 weight, 8 steps", "3 weights, 1 step", "0 steps"]
    test_cases = [Case(args, _descend(*args), label=label)
                  for args, label in zip(inputs, labels, strict=True)]

    def uphill(grad, w0, lr, steps):
        return _descend(lambda w: -grad(w), w0, lr, steps)

    def no_start(grad, w0, lr, steps):
        return _descend(grad, w0, lr, steps)[1:]

    def final_only(grad, w0, lr, steps):
        return _descend(grad, w0, lr, steps)[-1]

    def one_step_short(grad, w0, lr, steps):
        return _descend(grad, w0, lr, max(steps - 1, 0))

    def aliased(grad, w0, lr, steps):  # appends the same array object every time
        w = np.array(w0, dtype=float)
        path = [w]
        for _ in range(steps):
            w -= lr * grad(w)
            path.append(w)
        return np.array(path)

    def gradient_once(grad, w0, lr, steps):  # the gradient taken at w0 only
        g = grad(np.array(w0, dtype=float))
        return _descend(lambda w: g, w0, lr, steps)

    def shape_hint(got, expected, case):
        have = np.shape(got)
        if have == expected.shape[1:]:
            return "you returned only the last point; return the whole path, one row per step"
        if len(have) == 2 and have[0] == expected.shape[0] - 1 and have[0] > 0:
            if np.allclose(np.asarray(got, dtype=float)[0], case.args[1]):
                return "one step short: take exactly `steps` steps after w0"
            return ("one row short: the path starts with w0 itself, then one row per step "
                    "(steps + 1 rows)")
        return None

    mistakes = [
        shape_hint,
        Mistake(uphill, "your path climbs: each step goes along the gradient, uphill"),
        Mistake(aliased, "every row is the same final point: the path holds the same array object"
                         " each time, which then changed in place"),
        Mistake(no_start, "the path must start with w0 itself (steps + 1 rows)"),
        Mistake(final_only, "return the whole path, not just the final point"),
        Mistake(one_step_short, "one step short: take exactly `steps` steps"),
        Mistake(gradient_once, "the first step is right, the later ones are not: every step "
                               "needs the gradient at the point it starts from, not at w0"),
    ]
    return run_check("gradient_descent", fn, test_cases, hints=mistakes, forbid=[(SGD, "step")])


def _poly_gradient(k, x, y):
    A = np.vander(x, len(k), increasing=True)  # A[n, j] = x_n ** j
    return A.T @ (A @ k - y) / len(x)


def polynomial_gradient(fn):
    """Check fn(k, x, y) = ∇_k of L = 1/(2N) Σ_n (Σ_j k_j x_n^j − y_n)², k (D,), x and y (N,)."""
    rng = np.random.default_rng(301)
    inputs = [(rng.normal(size=6), rng.uniform(-1, 1, 20), rng.normal(size=20)),
              (rng.normal(size=2), rng.uniform(-1, 1, 5), rng.normal(size=5)),
              (rng.normal(size=4), rng.uniform(0, 2, 9), rng.normal(size=9))]
    labels = ["degree 5, 20 points", "a straight line, 5 points", "degree 3, x in [0, 2]"]

    def flipped(k, x, y):
        A = np.vander(x, len(k), increasing=True)
        return A.T @ (y - A @ k) / len(x)

    def summed(k, x, y):
        return _poly_gradient(k, x, y) * len(x)

    def no_power(k, x, y):  # forgot ∂ŷ/∂k_j = x^j: every coefficient gets the mean error
        A = np.vander(x, len(k), increasing=True)
        return np.full(len(k), np.mean(A @ k - y))

    def shifted_power(k, x, y):  # x^(j+1) instead of x^j
        A = np.vander(x, len(k) + 1, increasing=True)[:, 1:]
        B = np.vander(x, len(k), increasing=True)
        return A.T @ (B @ k - y) / len(x)

    def decreasing(k, x, y):  # np.vander's default order: highest power first
        A = np.vander(x, len(k))
        return A.T @ (A @ k - y) / len(x)

    def per_coefficient(k, x, y):  # the mean taken over the D coefficients, not the N points
        return _poly_gradient(k, x, y) * len(x) / len(k)

    def squared_error(k, x, y):  # the error squared inside the gradient
        A = np.vander(x, len(k), increasing=True)
        return A.T @ (A @ k - y) ** 2 / len(x)

    def predicted_backwards(k, x, y):  # ŷ with the highest power first (np.polyval's order)
        A = np.vander(x, len(k), increasing=True)
        return A.T @ (np.polyval(k, x) - y) / len(x)

    mistakes = [
        Mistake(flipped, "wrong sign: your error is y − ŷ, the target minus the prediction"),
        Mistake(summed, "this is N times too large: the loss is a mean over the N points, and its"
                        " 1/N is missing"),
        Mistake(no_power, "each coefficient's gradient needs its own factor ∂ŷ/∂k_j = x^j"),
        Mistake(shifted_power, "k_j multiplies x^j, starting with x^0 = 1 for k_0"),
        Mistake(decreasing, "your powers run the wrong way: k lists the lowest power first (k_0 "
                            "multiplies x^0); np.vander's default starts with the highest"),
        Mistake(per_coefficient, "you divided by the number of coefficients D; the loss is a "
                                 "mean over the N data points"),
        Mistake(squared_error, "the error ŷ − y enters the gradient once, not squared: the "
                               "slope of ½e² is e"),
        Mistake(predicted_backwards, "your prediction ŷ reads k highest power first (np.polyval's"
                                     " order), but k lists the lowest power first"),
    ]
    return run_check("polynomial_gradient", fn, cases(_poly_gradient, inputs, labels),
                     hints=mistakes)


def _adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Kingma and Ba's Algorithm 1, one step: new (w, m, v), t counting from 1."""
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_step(fn):
    """Check fn(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8) -> (w, m, v) after step t."""
    rng = np.random.default_rng(303)
    inputs = [
        ((rng.normal(size=3), np.array([2.0, -0.5, 1e-3]), np.zeros(3), np.zeros(3), 1, 0.1), {},
         "the first step, t = 1, from m = v = 0"),
        ((rng.normal(size=4), rng.normal(size=4), 0.1 * rng.normal(size=4),
          0.05 * rng.uniform(0.5, 1.5, 4), 3, 0.01), {}, "step t = 3, with m and v carried in"),
        ((rng.normal(size=(2, 3)), rng.normal(size=(2, 3)), 0.2 * rng.normal(size=(2, 3)),
          0.1 * rng.uniform(0.5, 1.5, (2, 3)), 7, 0.05), {"beta1": 0.8, "beta2": 0.99},
         "a (2, 3) array, t = 7, beta1 = 0.8, beta2 = 0.99"),
    ]
    test_cases = [Case(args, _adam_step(*args, **kwargs), kwargs=kwargs, label=label,
                       names=("w", "m", "v")) for args, kwargs, label in inputs]

    def no_correction(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        _, m, v = _adam_step(w, g, m, v, t, lr, beta1, beta2, eps)
        return w - lr * m / (np.sqrt(v) + eps), m, v

    def no_sqrt(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        _, m, v = _adam_step(w, g, m, v, t, lr, beta1, beta2, eps)
        return w - lr * (m / (1 - beta1**t)) / (v / (1 - beta2**t) + eps), m, v

    def swapped(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        return _adam_step(w, g, m, v, t, lr, beta2, beta1, eps)

    def half_swapped(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):  # averages only
        m = beta2 * m + (1 - beta2) * g
        v = beta1 * v + (1 - beta1) * g**2
        return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v

    def corrected_m_only(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        _, m, v = _adam_step(w, g, m, v, t, lr, beta1, beta2, eps)
        return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v) + eps), m, v

    def corrected_v_only(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        _, m, v = _adam_step(w, g, m, v, t, lr, beta1, beta2, eps)
        return w - lr * m / (np.sqrt(v / (1 - beta2**t)) + eps), m, v

    def uphill(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        w_new, m, v = _adam_step(w, g, m, v, t, lr, beta1, beta2, eps)
        return 2 * w - w_new, m, v

    def old_averages(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        return _adam_step(w, g, m, v, t, lr, beta1, beta2, eps)[0], m, v

    def t_from_zero(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        return _adam_step(w, g, m, v, t + 1, lr, beta1, beta2, eps)

    def corrected_returned(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        w_new, m, v = _adam_step(w, g, m, v, t, lr, beta1, beta2, eps)
        return w_new, m / (1 - beta1**t), v / (1 - beta2**t)

    def not_squared(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * np.abs(g)
        return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v

    def eps_inside(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        _, m, v = _adam_step(w, g, m, v, t, lr, beta1, beta2, eps)
        return w - lr * (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t) + eps), m, v

    def weights_swapped(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        m = (1 - beta1) * m + beta1 * g
        v = (1 - beta2) * v + beta2 * g**2
        return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v

    def no_power(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        _, m, v = _adam_step(w, g, m, v, t, lr, beta1, beta2, eps)
        return w - lr * (m / (1 - beta1)) / (np.sqrt(v / (1 - beta2)) + eps), m, v

    def m_v_returned_swapped(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        w_new, m, v = _adam_step(w, g, m, v, t, lr, beta1, beta2, eps)
        return w_new, v, m

    mistakes = [
        Mistake(no_correction, "your step uses m and v without the bias correction; early on both"
                               " are pulled towards their starting value 0"),
        Mistake(corrected_m_only, "only m is bias-corrected; v needs its own (1 − β₂ᵗ)"),
        Mistake(corrected_v_only, "only v is bias-corrected; m needs its own (1 − β₁ᵗ)"),
        Mistake(no_sqrt, "the step divides by the square root of v̂ (the gradient's typical "
                         "size), not by v̂ itself"),
        Mistake(swapped, "β₁ and β₂ are swapped: β₁ (0.9) averages the gradient g, "
                         "β₂ (0.999) averages its square g²"),
        Mistake(half_swapped, "the running averages use the wrong β: m uses β₁, v uses β₂"),
        Mistake(not_squared, "v averages the squared gradient g², not |g|"),
        Mistake(uphill, "your step goes uphill: it was added to w"),
        Mistake(corrected_returned, "you returned the bias-corrected m̂ and v̂; the next step "
                                    "would correct them a second time"),
        Mistake(old_averages, "return the updated m and v, so the next step can carry them on"),
        Mistake(t_from_zero, "t counts steps from 1: the first step uses t = 1 in 1 − βᵗ"),
        Mistake(eps_inside, "ε goes after the square root, √v̂ + ε, not inside it: it only "
                            "guards against dividing by a tiny √v̂"),
        Mistake(weights_swapped, "a running average keeps β of its old value and adds (1 − β) "
                                 "of the new one; yours does the opposite"),
        Mistake(no_power, "the bias correction divides by 1 − βᵗ, β to the power of the step "
                          "count t, not by 1 − β"),
        Mistake(m_v_returned_swapped, "m and v come back swapped: return them in the order "
                                      "(w, m, v)"),
    ]
    return run_check("adam_step", fn, test_cases, hints=mistakes, forbid=[(Adam, "step")])
