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

Centred seasonal and a fixed number of impulse dummies leave the rank test's limit
distribution unchanged (Johansen & Juselius 1990; Doornik, Hendry & Nielsen 1998), so the tabulated p-values apply;
stationary exogenous regressors change it (Rahbek & Mosconi 1999), so with ``--exog``
they are marked not applicable and the bootstrap rank test decides.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

KINDS = ("seasonal", "impulse", "exog")


@dataclass(frozen=True)
class Exog:
    """Exogenous columns over the full sample: ``values`` (N, m), one name and kind per column."""

    values: np.ndarray
    names: tuple[str, ...]
    kinds: tuple[str, ...]

    @property
    def width(self) -> int:
        return self.values.shape[1]

    @property
    def tables_apply(self) -> bool:
        """Whether the tabulated rank-test distributions still hold: not with stationary
        exogenous columns (Rahbek & Mosconi 1999); seasonal and impulse dummies leave them."""
        return "exog" not in self.kinds

    def effective(self, n_total: int, lags: int) -> np.ndarray:
        """Rows of the effective sample (observations p + 2 … N), shape (N − p − 1, m)."""
        if self.values.shape[0] != n_total:
            raise ValueError(f"the exogenous block has {self.values.shape[0]} rows, the data {n_total}")
        return self.values[lags + 1:]


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
