"""Asymptotic p-values of the trace test with level shifts: the Gamma approximation of Johansen,
Mosconi & Nielsen (2000, Econometrics Journal 3, 216–249, Table 4; JMN).

With q − 1 level shifts in a model with restricted constant (case 2 with ``--shift``: JMN's
H_c(r), :mod:`vecmbook.econometrics.exog`), the limit law of the trace statistic for
H0: rank ≤ r depends on p − r and on the relative lengths of the q sub-samples. JMN fit
response surfaces to simulated log means and log variances and approximate the law by the
Gamma distribution with those two moments. With v_j = T_j / T the position of the j-th shift,
a and b are the smallest and second-smallest sub-sample lengths for q = 3; for q = 2,
a = 0 and b = min(v, 1 − v); for q = 1 (no shift), a = b = 0 and the mean and variance are
those of the ordinary case-2 law. The surfaces are published for q ≤ 3 and 1 ≤ p − r ≤ 10;
elsewhere the p-value is NaN.

Coefficients as transcribed in Giles & Godwin's R function ``crit.val.ca.jomoni`` (2011/2015,
the H_c(r) surface); they are checked here against a Monte Carlo of our own estimator
(tests/test_shift.py: simulated means and variances at T = 500 agree within a few per cent,
no-break, one- and two-shift designs). JMN's model H_l(r) with broken linear trends is not
implemented, and ``--shift`` in cases 3 and 4 (level shift, unbroken drift) is not one of
JMN's models, so no approximation is given there.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

#: largest p − r and number of shifts the response surfaces cover (JMN 2000, sec. 3)
MAX_DIM, MAX_SHIFTS = 10, 2


def fractions(positions: Sequence[int], n_total: int) -> tuple[int, float, float]:
    """(q, a, b) of JMN's surfaces for shifts starting at 0-based ``positions`` of an N-sample."""
    v = sorted(p / n_total for p in positions)
    q = len(v) + 1
    lengths = sorted(np.diff([0.0, *v, 1.0]))
    if q == 1:
        return q, 0.0, 0.0
    if q == 2:
        return q, 0.0, float(lengths[0])
    return q, float(lengths[0]), float(lengths[1])


def moments(dim: np.ndarray, q: int, a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    """Asymptotic mean and variance of the H_c(r) trace statistic for p − r = ``dim`` (JMN 2000,
    Table 4: E = exp(log-mean surface) − (3 − q)(p − r), Var = exp(log-var surface) − 2(3 − q)(p − r))."""
    n = np.asarray(dim, dtype=float)
    log_mean = (2.80 + 0.501 * n + 1.43 * a + 0.399 * b - 0.0309 * n**2 - 0.0600 * a * n - 5.72 * a**2
                - 1.12 * a * b - 1.70 * b**2 + 0.000974 * n**3 + 0.168 * a**2 * n + 6.34 * a**3
                + 1.89 * a * b**2 + 1.85 * b**3 - 2.19 / n - 0.438 * a / n + 1.79 * b / n
                + 6.03 * a**2 / n + 3.08 * a * b / n - 1.97 * b**2 / n - 8.08 * a**3 / n
                - 5.79 * a * b**2 / n + 0.717 / n**2 - 1.29 * b / n**2 - 1.52 * a**2 / n**2
                + 2.87 * b**2 / n**2 - 2.03 * b**3 / n**2)
    log_var = (3.78 + 0.346 * n + 0.859 * a - 0.0106 * n**2 - 0.0339 * a * n - 2.35 * a**2
               + 3.95 * a**3 - 0.282 * b**3 - 2.73 / n + 0.874 * a / n + 2.36 * b / n
               - 2.88 * a**2 / n - 4.44 * b**2 / n + 4.31 * b**3 / n + 1.02 / n**2 - 0.807 * b / n**2)
    return np.exp(log_mean) - (3 - q) * n, np.exp(log_var) - 2 * (3 - q) * n


def _gamma(dim: np.ndarray, positions: Sequence[int], n_total: int):
    q, a, b = fractions(positions, n_total)
    dim = np.asarray(dim)
    mean, var = moments(np.clip(dim, 1, MAX_DIM), q, a, b)
    covered = (dim >= 1) & (dim <= MAX_DIM) & (q - 1 <= MAX_SHIFTS)
    return stats.gamma(mean**2 / var, scale=var / mean), covered


def pvalue(stat: np.ndarray, dim: np.ndarray, positions: Sequence[int], n_total: int) -> np.ndarray:
    """Upper-tail Gamma probability of the trace statistics ``stat`` for p − r = ``dim`` (NaN
    outside the surfaces' range)."""
    law, covered = _gamma(dim, positions, n_total)
    return np.where(covered, law.sf(np.asarray(stat, dtype=float)), np.nan)


def critical_value(dim: np.ndarray, positions: Sequence[int], n_total: int, level: float = 0.95) -> np.ndarray:
    """The ``level`` quantile of the approximating Gamma law (NaN outside the surfaces' range)."""
    law, covered = _gamma(dim, positions, n_total)
    return np.where(covered, law.ppf(level), np.nan)
