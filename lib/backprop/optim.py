"""Optimizers: rules that turn gradients into parameter updates (chapter 3).

Each optimizer holds the parameter arrays and updates them in place with
`.step(grads)`, where grads[i] is dL/dparams[i]. Updates go through scratch
arrays kept from step to step, so a step allocates no memory.
"""

import numpy as np


def _number(name, value, low, high=np.inf, low_open=False, high_open=False):
    value = float(value)
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if not np.isfinite(value) or too_low or too_high:
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        raise ValueError(f"{name} must lie in {left}{low}, {high}{right}, got {value}")
    return value


class Optimizer:
    """Shared bookkeeping: the parameters, shape checks and scratch space. Chapter 3."""

    def __init__(self, params, lr):
        params = list(params)
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                kind = type(p).__name__ if not isinstance(p, np.ndarray) else f"array of {p.dtype}"
                raise TypeError(
                    f"parameter {i} must be a float NumPy array (updated in place), got {kind}"
                )
        if not params:
            raise ValueError("optimizer got an empty list of parameters")
        self.params = params
        self.lr = _number("lr", lr, 0.0)
        self._scratch = [np.empty_like(p) for p in params]
        self.zero_state()

    def zero_state(self):
        """Forget everything learned from past gradients (velocities, moments, step count)."""
        self.t = 0

    def _check(self, grads):
        if len(grads) != len(self.params):
            raise ValueError(
                f"{type(self).__name__}.step got {len(grads)} gradients "
                f"for {len(self.params)} parameters"
            )
        for i, (p, g) in enumerate(zip(self.params, grads)):
            if g.shape != p.shape:
                raise ValueError(
                    f"{type(self).__name__}.step: gradient {i} has shape {g.shape} "
                    f"but parameter {i} has shape {p.shape}"
                )

    def step(self, grads):
        """Update every parameter in place from its gradient."""
        grads = [np.asarray(g) for g in grads]
        self._check(grads)
        self.t += 1
        for i, (p, g) in enumerate(zip(self.params, grads)):
            self._update(i, p, g, self._scratch[i])

    def _update(self, i, p, g, scratch):
        raise NotImplementedError


class SGD(Optimizer):
    """Gradient descent: p ← p − η g. Chapter 3."""

    def _update(self, i, p, g, scratch):
        np.multiply(g, self.lr, out=scratch)  # η g
        p -= scratch


class Momentum(Optimizer):
    """Gradient descent with momentum: v ← μ v − η g, p ← p + v. Chapter 3."""

    def __init__(self, params, lr, momentum=0.9):
        self.momentum = _number("momentum", momentum, 0.0, 1.0, high_open=True)
        super().__init__(params, lr)

    def zero_state(self):
        super().zero_state()
        self.velocity = [np.zeros_like(p) for p in self.params]

    def _update(self, i, p, g, scratch):
        v = self.velocity[i]
        v *= self.momentum  # μ v
        np.multiply(g, self.lr, out=scratch)
        v -= scratch  # − η g
        p += v


class Adam(Optimizer):
    """Adam: p ← p − η m̂ / (√v̂ + ε), from running averages of g and g². Chapter 3.

    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  m̂ = m / (1−β₁ᵗ),  v̂ = v / (1−β₂ᵗ)  (t = step count).
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        if len(betas) != 2:
            raise ValueError(f"betas must be a pair (β₁, β₂), got {betas!r}")
        self.betas = tuple(_number("each beta", b, 0.0, 1.0, high_open=True) for b in betas)
        self.eps = _number("eps", eps, 0.0, low_open=True)
        super().__init__(params, lr)

    def zero_state(self):
        super().zero_state()
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]

    def _update(self, i, p, g, scratch):
        beta1, beta2 = self.betas
        m, v = self.m[i], self.v[i]
        m *= beta1
        m += np.multiply(g, 1 - beta1, out=scratch)  # m ← β₁m + (1−β₁)g
        v *= beta2
        np.square(g, out=scratch)
        scratch *= 1 - beta2
        v += scratch  # v ← β₂v + (1−β₂)g²
        # p ← p − η m̂ / (√v̂ + ε), built up in scratch
        np.divide(v, 1 - beta2**self.t, out=scratch)  # v̂
        np.sqrt(scratch, out=scratch)
        scratch += self.eps
        np.divide(m, scratch, out=scratch)
        scratch *= self.lr / (1 - beta1**self.t)  # η m̂ / (√v̂ + ε)
        p -= scratch


class AdamW(Adam):
    """Adam with decoupled weight decay: p ← (1 − η λ) p, then Adam's step on g. Chapter 3.

    This is PyTorch's convention: the decay is scaled by the learning rate η. Loshchilov and
    Hutter's paper writes p ← p − η_t (α m̂ / (√v̂ + ε) + λ p), with α Adam's step size and
    η_t a schedule factor, so its decay is not scaled by α: λ here = λ_paper / α.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        self.weight_decay = _number("weight_decay", weight_decay, 0.0)
        super().__init__(params, lr, betas, eps)

    def _update(self, i, p, g, scratch):
        p *= 1 - self.lr * self.weight_decay  # decay the weights directly, outside Adam's scaling
        super()._update(i, p, g, scratch)
