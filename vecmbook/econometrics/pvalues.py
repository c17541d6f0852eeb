"""Asymptotic p-values and critical values of Johansen's trace and max-eigenvalue tests.

The null distributions (Johansen 1995, Thm 6.1 and ch. 15) depend only on the
deterministic case and on k = K − r. Their quantiles were simulated by
``scripts/simulate_johansen_tables.py`` (random walks of T = 1000 steps, Richardson-
extrapolated to T = ∞) and ship in ``tables/johansen_quantiles.npz`` on a grid of CDF
levels. The cases 3 and 5 follow Johansen's (and MacKinnon, Haug & Michelis 1999,
EViews') convention that the unrestricted constant / trend generates a linear /
quadratic trend in the data, so for k = 1 their limit is exactly χ²(1) (Johansen 1995,
Tables 15.3 and 15.5, p − r = 1: the single stochastic trend is dominated by the
deterministic one and the statistic is asymptotically the square of a normal variable).
For those two tables we use the χ²(1) law itself (``EXACT_CHI2``) instead of its simulated
quantiles (e.g. 3.8415 instead of the simulated 3.8364 at 95 %); the study prints
3.841465 and, for its trace 0.680046, the p-value 0.4096 = P(χ²(1) > 0.680046).

Only grid levels with at least ``MIN_TAIL_REPS`` simulated replications beyond them
(for the smallest replication count of any k) are used: the extreme levels rest on too
few draws to be ordered reliably. Between grid points the upper-tail probability is
interpolated log-linearly in the statistic (exact at the grid points, so
``pvalue(critical_value(k, c, lv), k, c) == 1 − lv`` on the grid); beyond the largest
used quantile the log tail is extrapolated linearly (exponential tail, as for χ²-type
limits) with the slope between the 0.99 quantile and that one; below the smallest used
quantile the CDF is taken linear from 0.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np
from scipy import stats

from vecmbook.econometrics.johansen import check_case

TABLE = Path(str(files("vecmbook.econometrics") / "tables" / "johansen_quantiles.npz"))
TESTS = ("trace", "maxeig")
MIN_TAIL_REPS = 50
#: (case, k) whose limit law is exactly χ²(1) for both tests (see the module docstring)
EXACT_CHI2 = frozenset({(3, 1), (5, 1)})


@dataclass(frozen=True)
class QuantileTable:
    """Simulated quantiles: ``quantiles[test, case-1, k-1, j]`` is the ``levels[j]`` quantile.

    ``reps`` (per k) replications, ``rel_se95`` the relative Monte Carlo standard error
    of the 95 % quantile, ``steps`` the random-walk length, ``seed`` the simulation seed.
    """

    levels: np.ndarray
    quantiles: np.ndarray
    reps: np.ndarray
    rel_se95: np.ndarray
    steps: int
    seed: int

    @property
    def kmax(self) -> int:
        """Largest dimension k = K − r with a simulated table."""
        return int(np.flatnonzero(self.reps > 0).max()) + 1

    @property
    def log_upper(self) -> np.ndarray:
        """log of the upper-tail probabilities 1 − level (decreasing)."""
        return np.log1p(-self.levels)


@cache
def load_table(path: Path = TABLE) -> QuantileTable:
    """Read the shipped quantile table (cached), keeping the reliably estimated levels."""
    with np.load(path) as f:
        levels, quantiles, reps = f["levels"], f["quantiles"], f["reps"]
        n = reps[reps > 0].min()
        use = np.minimum(levels, 1 - levels) * n >= MIN_TAIL_REPS
        done = reps > 0
        if not np.all(np.diff(quantiles[:, :, done][..., use], axis=-1) > 0):
            raise RuntimeError(f"{path}: simulated quantiles are not increasing")
        return QuantileTable(
            levels=levels[use], quantiles=quantiles[..., use], reps=reps,
            rel_se95=f["rel_se95"], steps=int(f["steps"]), seed=int(f["seed"]),
        )


def _test_index(test: str) -> int:
    if test not in TESTS:
        raise ValueError(f"test must be 'trace' or 'maxeig', got {test!r}")
    return TESTS.index(test)


def _grid(k: int, case: int, test: str) -> np.ndarray:
    table = load_table()
    check_case(case)
    if not 1 <= k <= table.kmax:
        raise ValueError(f"k = K - r must be between 1 and {table.kmax}, got {k}")
    return table.quantiles[_test_index(test), case - 1, k - 1]


def _upper_tail(stat: np.ndarray, q: np.ndarray, log_u: np.ndarray) -> np.ndarray:
    """Upper-tail probability of ``stat`` given quantiles ``q`` at log tail levels ``log_u``."""
    p = np.exp(np.interp(stat, q, log_u))
    hi = stat > q[-1]
    if hi.any():
        i0 = int(np.argmin(np.abs(log_u - np.log(1e-2))))  # tail slope from level 0.99 on
        slope = (log_u[-1] - log_u[i0]) / (q[-1] - q[i0])
        p[hi] = np.exp(log_u[-1] + slope * (stat[hi] - q[-1]))
    lo = stat < q[0]
    p[lo] = 1.0 - (-np.expm1(log_u[0])) * np.clip(stat[lo], 0.0, None) / q[0]
    return p


def pvalue(stat, k, case: int, test: str = "trace"):
    """Asymptotic p-value of a trace or max-eigenvalue statistic with k = K − r
    (P(χ²(1) > stat) for k = 1 in cases 3 and 5, else from the simulated table).

    ``stat`` and ``k`` broadcast against each other; a float is returned for scalar
    input, otherwise an array.
    """
    stat_b, k_b = np.broadcast_arrays(np.asarray(stat, dtype=float), np.asarray(k))
    if not np.issubdtype(k_b.dtype, np.integer):
        raise ValueError(f"k must be an integer, got {k!r}")
    out = np.empty(stat_b.shape)
    log_u = load_table().log_upper
    for kk in np.unique(k_b):
        sel = k_b == kk
        grid = _grid(int(kk), case, test)
        if (case, int(kk)) in EXACT_CHI2:
            out[sel] = stats.chi2.sf(np.clip(stat_b[sel], 0.0, None), 1)
        else:
            out[sel] = _upper_tail(stat_b[sel], grid, log_u)
    return float(out) if out.ndim == 0 else out


def critical_value(k: int, case: int, level: float = 0.95, test: str = "trace") -> float:
    """Asymptotic critical value: the ``level`` quantile of the null distribution
    (the χ²(1) quantile for k = 1 in cases 3 and 5, see ``EXACT_CHI2``)."""
    table = load_table()
    if not table.levels[0] <= level <= table.levels[-1]:
        raise ValueError(
            f"level must be within [{table.levels[0]}, {table.levels[-1]}], got {level!r}"
        )
    q = _grid(int(k), case, test)
    if (case, int(k)) in EXACT_CHI2:
        return float(stats.chi2.ppf(level, 1))
    return float(np.interp(np.log1p(-level), table.log_upper[::-1], q[::-1]))
