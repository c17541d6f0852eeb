"""A run's exogenous block built from its dataset: the periods named by ``--impulse``,
``--compare-impulse`` and ``--shift`` checked against the sample, seasonal dummies from the period
labels, ``--exog`` columns read from the file (the block itself: :mod:`vecmbook.econometrics.exog`)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vecmbook.econometrics.exog import Exog, impulse_dummies, seasonal_dummies, shift_dummies, shift_names
from vecmbook.inputs.dataset import DataError, Dataset, load_columns, parse_period, period_label


def _labels(option: str, chosen: Sequence[str], dataset: Dataset) -> list[str]:
    """Normalised labels of ``chosen`` periods: each of the data's frequency, named once, in the sample."""
    name, periods = Path(dataset.path).name, dataset.periods
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
        out.append(label)
    return out


def check_periods(option: str, chosen: Sequence[str], dataset: Dataset, lags: int) -> list[str]:
    """Normalised labels of ``chosen`` periods, each in the sample after the p + 1 initial values."""
    name, periods = Path(dataset.path).name, dataset.periods
    first_used = periods[min(lags + 1, len(periods) - 1)]
    out = _labels(option, chosen, dataset)
    for label in out:
        if periods.index(label) <= lags:
            raise DataError(f"{name}: {option} {label}: the dummy is zero on the effective sample "
                            f"({first_used}–{dataset.last_period}); with --lags {lags} the first "
                            f"{lags + 1} periods are initial values")
    return out


def check_shifts(chosen: Sequence[str], dataset: Dataset, lags: int, impulse: Sequence[str] = ()) -> list[str]:
    """Normalised labels of the ``--shift`` periods, each leaving both regimes an observation beside
    the p + 1 initial values and the shift's p + 1 impulses (Johansen, Mosconi & Nielsen 2000
    require more than k = p + 1 observations per sub-sample), none sharing an impulse with
    another shift or with the run's checked ``impulse`` labels (the columns would be collinear)."""
    name, periods = Path(dataset.path).name, dataset.periods
    n, out = len(periods), _labels("--shift", chosen, dataset)
    earliest, latest = lags + 2, n - lags - 2
    for label in out:
        at = periods.index(label)
        if at < earliest:
            where = f"the earliest is {periods[earliest]}" if earliest <= latest else "the sample is too short"
            raise DataError(f"{name}: --shift {label}: the step is constant on the effective sample "
                            f"({periods[min(lags + 1, n - 1)]}–{dataset.last_period}) apart from its own "
                            f"impulses, so it duplicates the constant; with --lags {lags} {where}")
        if at > latest:
            raise DataError(f"{name}: --shift {label}: with --lags {lags} its {lags + 1} impulses leave "
                            f"no observation of the new regime; the latest shift is "
                            f"{periods[max(latest, 0)]}")
    at = sorted(periods.index(label) for label in out)
    for a, b in zip(at, at[1:]):
        if b - a < lags + 2:
            raise DataError(f"{name}: --shift {periods[a]},{periods[b]}: with --lags {lags} the regime "
                            f"between them has no observation after the {lags + 1} impulses of "
                            f"{periods[a]}; shifts must be at least {lags + 2} periods apart")
    for label in impulse:
        for shift in out:
            if 0 <= periods.index(label) - periods.index(shift) <= lags:
                raise DataError(f"{name}: --impulse {label} duplicates an impulse of --shift {shift} "
                                f"(its impulses are {shift} and the {lags} periods after it)")
    return out


def build(dataset: Dataset, lags: int, seasonal: bool = False, impulse: Sequence[str] = (),
          columns: Sequence[str] = (), shift: Sequence[str] = ()) -> Exog | None:
    """The exogenous block of a run (None when there is none), checked against the sample.

    Raises :class:`DataError` (one line naming file and option) for seasonal dummies on
    annual data, impulse periods outside the sample, repeated or lost to the lags,
    ``--exog`` columns that are missing, in ``--vars`` or constant on the effective sample, and
    shifts that :func:`check_shifts` refuses. A shift's impulses follow the other unrestricted
    columns; its step is the block's restricted part.
    """
    name = Path(dataset.path).name
    blocks, names, kinds = [], [], []
    if seasonal:
        if dataset.frequency != "quarterly":
            raise DataError(f"{name}: --seasonal needs quarterly periods (like 1974Q1); the data are "
                            f"{dataset.frequency}")
        blocks.append(seasonal_dummies([parse_period(q)[1] % 4 + 1 for q in dataset.periods]))
        names += [f"@SEAS({q})-0.25" for q in (1, 2, 3)]
        kinds += ["seasonal"] * 3
    impulse = check_periods("--impulse", impulse, dataset, lags)
    if impulse:
        blocks.append(impulse_dummies(dataset.periods, impulse))
        names += [f"IMP({p})" for p in impulse]
        kinds += ["impulse"] * len(impulse)
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
    steps, step_names = None, []
    if shift:
        chosen = check_shifts(shift, dataset, lags, impulse)
        steps, impulses = shift_dummies(dataset.periods, chosen, lags)
        step_names, impulse_names = shift_names(chosen, lags)
        blocks.append(impulses)
        names += impulse_names
        kinds += ["shift"] * len(impulse_names)
    if not blocks:
        return None
    return Exog(np.hstack(blocks), tuple(names), tuple(kinds), steps, tuple(step_names))
