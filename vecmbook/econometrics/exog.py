"""The unrestricted exogenous block of the VECM: seasonal dummies, impulse dummies, exogenous columns.

Every column enters each equation of ΔY_t at time t, unrestricted, beside the deterministic
terms of the chosen case, and is partialled out with the lagged differences in the Johansen
concentration (Johansen 1995, ch. 6; R urca ``ca.jo(season=, dumvar=)``,
statsmodels ``VECM(exog=)``). The block spans the full sample (N rows, aligned with the
levels); estimation uses its rows p + 2 … N (the first p + 1 observations are initial
values), and the bootstrap holds it fixed in every sample.

* **Seasonal** (``--seasonal``, quarterly data): three centred dummies, column q equal to
  1{quarter = q} − 1/4 for q = 1, 2, 3 (Q4 omitted; Johansen & Juselius 1990). R's
  ``ca.jo(season = 4)`` builds (I₄ − 1/4)[, −4] repeated from the *first observation*, so its
  column j is 3/4 in observations j, j + 4, …: the same as ours when the sample starts in a
  first quarter (urca's ``denmark``, 1974Q1); otherwise the columns are a relabelling and
  the statistics, α, β, Γ and the constant are unchanged. EViews' ``@seas(q)`` is the
  uncentred 0/1 dummy; our column is ``@seas(q) - 0.25``. With an unrestricted constant
  (cases 3–5) the two forms span the same space and give the same statistics, but the
  constant differs (ours: the average over the year; with ``@seas(1..3)``: the Q4 level).
  Without one (cases 1, 2) only the centred form keeps the dummies from adding a mean to
  ΔY_t, i.e. a linear trend to the levels.
* **Impulse** (``--impulse P``): 1 in period P, 0 elsewhere (urca ``dumvar``): removes one
  observation's influence, e.g. a crisis year.
* **Columns** (``--exog``): columns of the data file, untransformed and contemporaneous,
  assumed stationary.

* **Shift** (``--shift P``): a level shift of the process in period P as Johansen, Mosconi &
  Nielsen (2000, Econometrics Journal 3, 216–249; JMN) enter it. With the step
  S_t = 1{t ≥ P} and Y_t = τ₀ + τ₁t + τ₂S_t + X_t (X_t the stochastic part), the VECM of Y_t
  has −αβ'τ₂ S_{t−1} beside β'Y_{t−1} and τ₂ΔS_t − Σ_i Γ_i τ₂ ΔS_{t−i} unrestricted: the step
  is *restricted* to the cointegration space (a further row of β, like the restricted
  constant of case 2 or trend of case 4) and its impulses ΔS_{t−i} = 1{t = P + i},
  i = 0 … p, are unrestricted columns. JMN's impulses remove the shift's first p + 1
  observations, which act as initial values of the new regime. An unrestricted step in
  ΔY_t would instead break the trend of the levels (α⊥'τ changes), which ``--shift`` does
  not do. With a restricted constant (case 2) this is JMN's model H_c(r); with an
  unrestricted constant (cases 3, 4) the drift is unbroken. The step enters the block as
  its levels (``restricted``, N rows aligned with Y); the design lags it once, like Y.

Centred seasonal and a fixed number of impulse dummies leave the rank test's limit
distribution unchanged (Johansen & Juselius 1990; Doornik, Hendry & Nielsen 1998), so the tabulated p-values apply;
stationary exogenous regressors change it (Rahbek & Mosconi 1999), and a shift makes it
depend on where the break falls (JMN 2000), so with ``--exog`` or ``--shift`` they are marked
not applicable and the bootstrap rank test decides.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

KINDS = ("seasonal", "impulse", "exog", "shift")
#: deterministic cases in which ``--shift`` is a level shift (module doc): case 2 is JMN's
#: H_c(r); case 1 has no level to shift and case 5's quadratic trends are not JMN's models
SHIFT_CASES = (2, 3, 4)


@dataclass(frozen=True)
class Exog:
    """Exogenous columns over the full sample: unrestricted ``values`` (N, m2), one name and kind
    per column; ``restricted`` (N, m1) the levels of the columns restricted to the cointegration
    space (the ``--shift`` steps, entering lagged like Y), named by ``restricted_names``."""

    values: np.ndarray
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    restricted: np.ndarray | None = None
    restricted_names: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        """Number of unrestricted columns (m2 of the block)."""
        return self.values.shape[1]

    @property
    def restricted_width(self) -> int:
        """Number of columns restricted to the cointegration space (m1 of the block)."""
        return 0 if self.restricted is None else self.restricted.shape[1]

    @property
    def n_columns(self) -> int:
        """All regressors the block adds to the model, restricted and unrestricted."""
        return self.width + self.restricted_width

    @property
    def tables_apply(self) -> bool:
        """Whether the tabulated rank-test distributions still hold: not with stationary
        exogenous columns (Rahbek & Mosconi 1999) nor with a shift (JMN 2000); seasonal and
        impulse dummies leave them."""
        return "exog" not in self.kinds and not self.restricted_width

    def effective(self, n_total: int, lags: int) -> np.ndarray:
        """Rows of the effective sample (observations p + 2 … N), shape (N − p − 1, m2)."""
        self._check_rows(n_total)
        return self.values[lags + 1:]

    def restricted_effective(self, n_total: int, lags: int) -> np.ndarray:
        """The restricted columns lagged once for the effective sample (rows p + 1 … N − 1, as
        Y_{t−1}), shape (N − p − 1, m1)."""
        self._check_rows(n_total)
        if self.restricted is None:
            return np.empty((n_total - lags - 1, 0))
        return self.restricted[lags:n_total - 1]

    @property
    def restricted_labels(self) -> tuple[str, ...]:
        """Labels of the restricted columns as they enter, lagged once: ``SHIFT(P)(-1)``."""
        return tuple(f"{n}(-1)" for n in self.restricted_names)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every column's label, restricted (lagged) first, in the order of :meth:`columns`."""
        return self.restricted_labels + self.names

    def columns(self, n_total: int, lags: int) -> np.ndarray:
        """All columns for the effective sample, restricted (lagged once) then unrestricted, for
        models without a rank restriction (the levels VARs of the lag-order table)."""
        return np.hstack([self.restricted_effective(n_total, lags), self.effective(n_total, lags)])

    def shift_positions(self) -> list[int]:
        """0-based index of each step's first unit (the period P of its ``--shift``)."""
        if self.restricted is None:
            return []
        return [int(np.argmax(col > 0)) for col in self.restricted.T]

    def _check_rows(self, n_total: int) -> None:
        if self.values.shape[0] != n_total:
            raise ValueError(f"the exogenous block has {self.values.shape[0]} rows, the data {n_total}")


def seasonal_dummies(quarters: Sequence[int]) -> np.ndarray:
    """Centred quarterly dummies 1{quarter = q} − 1/4, q = 1, 2, 3 (module doc), shape (N, 3).

    ``quarters`` holds each observation's quarter as 1 … 4."""
    quarter = np.asarray(quarters) - 1
    return (quarter[:, None] == np.arange(3)[None, :]) - 0.25


def impulse_dummies(periods: Sequence[str], chosen: Sequence[str]) -> np.ndarray:
    """One column per chosen period: 1 in that period, 0 elsewhere, shape (N, len(chosen))."""
    index = {p: i for i, p in enumerate(periods)}
    out = np.zeros((len(periods), len(chosen)))
    for j, p in enumerate(chosen):
        out[index[p], j] = 1.0
    return out


def shift_dummies(periods: Sequence[str], chosen: Sequence[str], lags: int) -> tuple[np.ndarray, np.ndarray]:
    """Steps S_t = 1{t ≥ P}, shape (N, s), and their impulses ΔS_{t−i} = 1{t = P + i},
    i = 0 … ``lags``, shape (N, s (p + 1)), ordered by shift then i (JMN 2000; module doc)."""
    index = {p: i for i, p in enumerate(periods)}
    n = len(periods)
    steps = np.zeros((n, len(chosen)))
    impulses = np.zeros((n, len(chosen) * (lags + 1)))
    for j, p in enumerate(chosen):
        at = index[p]
        steps[at:, j] = 1.0
        for i in range(lags + 1):
            if at + i < n:
                impulses[at + i, j * (lags + 1) + i] = 1.0
    return steps, impulses


def shift_names(chosen: Sequence[str], lags: int) -> tuple[list[str], list[str]]:
    """Names of the steps (``SHIFT(P)``) and of their impulses (``D(SHIFT(P))``,
    ``D(SHIFT(P)(-i))``), in the order of :func:`shift_dummies`."""
    steps = [f"SHIFT({p})" for p in chosen]
    impulses = [f"D({s})" if i == 0 else f"D({s}(-{i}))" for s in steps for i in range(lags + 1)]
    return steps, impulses
