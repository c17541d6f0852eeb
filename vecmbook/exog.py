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
from pathlib import Path

import numpy as np

from .data import DataError, Dataset, load_columns, parse_period, period_label

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


def seasonal_dummies(periods: Sequence[str]) -> np.ndarray:
    """Centred quarterly dummies 1{quarter = q} − 1/4, q = 1, 2, 3 (module doc), shape (N, 3)."""
    quarter = np.array([parse_period(p)[1] % 4 for p in periods])
    return (quarter[:, None] == np.arange(3)[None, :]) - 0.25


def impulse_dummies(periods: Sequence[str], chosen: Sequence[str]) -> np.ndarray:
    """One column per chosen period: 1 in that period, 0 elsewhere, shape (N, len(chosen))."""
    index = {p: i for i, p in enumerate(periods)}
    out = np.zeros((len(periods), len(chosen)))
    for j, p in enumerate(chosen):
        out[index[p], j] = 1.0
    return out


def check_periods(option: str, chosen: Sequence[str], dataset: Dataset, lags: int) -> list[str]:
    """Normalised labels of ``chosen`` periods, each in the sample after the p + 1 initial values."""
    name, periods = Path(dataset.path).name, dataset.periods
    first_used = periods[min(lags + 1, len(periods) - 1)]
    out: list[str] = []
    for text in chosen:
        parsed = parse_period(str(text).strip())
        if parsed is None or parsed[0] != dataset.frequency:
            article = "an" if dataset.frequency == "annual" else "a"
            raise DataError(f"{name}: {option} {text!r} is not {article} {dataset.frequency} period "
                            f"like {periods[0]}")
        label = period_label(*parsed)
        if label in out:
            raise DataError(f"{name}: {option} names period {label} twice")
        if label not in periods:
            raise DataError(f"{name}: {option} {label} is outside the sample "
                            f"({dataset.first_period}–{dataset.last_period})")
        if periods.index(label) <= lags:
            raise DataError(f"{name}: {option} {label}: the dummy is zero on the effective sample "
                            f"({first_used}–{dataset.last_period}); with --lags {lags} the first "
                            f"{lags + 1} periods are initial values")
        out.append(label)
    return out


def build(dataset: Dataset, lags: int, seasonal: bool = False, impulse: Sequence[str] = (),
          columns: Sequence[str] = ()) -> Exog | None:
    """The exogenous block of a run (None when there is none), checked against the sample.

    Raises :class:`DataError` (one line naming file and option) for seasonal dummies on
    annual data, impulse periods outside the sample, repeated or lost to the lags, and
    ``--exog`` columns that are missing, in ``--vars`` or constant on the effective sample.
    """
    name = Path(dataset.path).name
    blocks, names, kinds = [], [], []
    if seasonal:
        if dataset.frequency != "quarterly":
            raise DataError(f"{name}: --seasonal needs quarterly periods (like 1974Q1); the data are "
                            f"{dataset.frequency}")
        blocks.append(seasonal_dummies(dataset.periods))
        names += [f"@SEAS({q})-0.25" for q in (1, 2, 3)]
        kinds += ["seasonal"] * 3
    if impulse:
        chosen = check_periods("--impulse", impulse, dataset, lags)
        blocks.append(impulse_dummies(dataset.periods, chosen))
        names += [f"IMP({p})" for p in chosen]
        kinds += ["impulse"] * len(chosen)
    if columns:
        values = load_columns(dataset, list(columns), option="--exog")
        for j, c in enumerate(columns):
            if np.ptp(values[lags + 1:, j]) == 0:
                raise DataError(f"{name}: --exog column {c!r} is constant on the effective sample "
                                f"({dataset.periods[lags + 1]}–{dataset.last_period}), so it duplicates "
                                f"the constant or is zero")
        blocks.append(values)
        names += list(columns)
        kinds += ["exog"] * len(columns)
    if not blocks:
        return None
    return Exog(np.hstack(blocks), tuple(names), tuple(kinds))
