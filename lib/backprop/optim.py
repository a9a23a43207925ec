"""Optimizers: rules that turn gradients into parameter updates (chapter 3).

Each optimizer holds the parameter arrays and updates them in place with
`.step(grads)`, where grads[i] is dL/dparams[i]: p[...] = ... or p -= ... writes into the
array the model holds, so the model sees the new values without being told.
"""

import numpy as np

from . import _checks


class Optimizer:
    """Shared bookkeeping: the parameters, the step count t and the shape checks. Chapter 3."""

    def __init__(self, params, lr):
        params = list(params)
        for i, p in enumerate(params):
            _checks.float_array(p, f"parameter {i}", " (updated in place)")
        if not params:
            raise ValueError("optimizer got an empty list of parameters")
        self.params = params
        self.lr = _checks.real(lr, "lr", 0.0)
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
            self._update(i, p, g)

    def _update(self, i, p, g):
        raise NotImplementedError


class SGD(Optimizer):
    """Gradient descent: p ← p − η g. Chapter 3."""

    def _update(self, i, p, g):
        p -= self.lr * g


class Momentum(Optimizer):
    """Gradient descent with momentum: v ← μ v − η g, p ← p + v. Chapter 3."""

    def __init__(self, params, lr, momentum=0.9):
        self.momentum = _checks.real(momentum, "momentum", 0.0, 1.0, high_open=True)
        super().__init__(params, lr)

    def zero_state(self):
        super().zero_state()
        self.velocity = [np.zeros_like(p) for p in self.params]

    def _update(self, i, p, g):
        v = self.velocity[i]
        v[...] = self.momentum * v - self.lr * g
        p += v


class Adam(Optimizer):
    """Adam: p ← p − η m̂ / (√v̂ + ε), from running averages of g and g². Chapter 3.

    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  m̂ = m / (1−β₁ᵗ),  v̂ = v / (1−β₂ᵗ)  (t = step count).
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        if len(betas) != 2:
            raise ValueError(f"betas must be a pair (β₁, β₂), got {betas!r}")
        self.betas = tuple(_checks.real(b, "each beta", 0.0, 1.0, high_open=True) for b in betas)
        self.eps = _checks.real(eps, "eps", 0.0, low_open=True)
        super().__init__(params, lr)

    def zero_state(self):
        super().zero_state()
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]

    def _update(self, i, p, g):
        beta1, beta2 = self.betas
        m, v, t = self.m[i], self.v[i], self.t
        m[...] = beta1 * m + (1 - beta1) * g
        v[...] = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay: p ← (1 − η λ) p, then Adam's step on g. Chapter 3.

    This is PyTorch's convention: the decay is scaled by the learning rate η. Loshchilov and
    Hutter's paper writes p ← p − η_t (α m̂ / (√v̂ + ε) + λ p), with α Adam's step size and
    η_t a schedule factor, so its decay is not scaled by α: λ here = λ_paper / α.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        self.weight_decay = _checks.real(weight_decay, "weight_decay", 0.0)
        super().__init__(params, lr, betas, eps)

    def _update(self, i, p, g):
        p *= 1 - self.lr * self.weight_decay  # decay the weights directly, outside Adam's scaling
        super()._update(i, p, g)
