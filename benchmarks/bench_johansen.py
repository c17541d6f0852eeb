"""Benchmark: one Johansen test (K = 4, T = 30) against statsmodels, and p-value look-up.

Targets from the issue: full test < 5 ms, p-value look-up < 1 ms. Timings are the
median over repeated runs of the same call, measured side by side in one process;
ratios are ours / statsmodels. Run: ``python benchmarks/bench_johansen.py``.
"""
from __future__ import annotations

import timeit

import numpy as np
from statsmodels.tsa.vector_ar.vecm import coint_johansen

from vecmbook.econometrics.johansen import reduced_rank
from vecmbook.econometrics.pvalues import load_table, pvalue
from vecmbook.econometrics.ranktest import johansen_test


def median_time(fn, number: int = 200, repeat: int = 7) -> float:
    """Median seconds per call over ``repeat`` batches of ``number`` calls."""
    return float(np.median(timeit.repeat(fn, number=number, repeat=repeat)) / number)


def main() -> None:
    y = np.cumsum(np.random.default_rng(0).standard_normal((30, 4)), axis=0)
    lags = 1
    load_table()  # the first call reads the table file; time the warm look-up
    rows = {
        "johansen_test (stats, cv, p, Reinsel-Ahn)": median_time(
            lambda: johansen_test(y, lags, 3, progress=False)),
        "reduced_rank only": median_time(lambda: reduced_rank(y, lags, 3)),
        "statsmodels coint_johansen (det_order=0)": median_time(
            lambda: coint_johansen(y, 0, lags)),
        "pvalue, one statistic": median_time(lambda: pvalue(47.0, 4, 3), number=2000),
        "pvalue, four statistics": median_time(
            lambda: pvalue([126.5, 65.3, 19.2, 0.68], [4, 3, 2, 1], 3), number=2000),
    }
    ref = rows["statsmodels coint_johansen (det_order=0)"]
    print(f"K = 4, N = 30 observations, lags = {lags}, case 3")
    print(f"{'call':44s} {'time':>10s} {'vs statsmodels':>15s}")
    for name, sec in rows.items():
        print(f"{name:44s} {sec * 1e3:8.3f} ms {sec / ref:14.2f}x")
    test, look = rows["johansen_test (stats, cv, p, Reinsel-Ahn)"], rows["pvalue, one statistic"]
    print(f"targets: test < 5 ms: {'met' if test < 5e-3 else 'MISSED'}; "
          f"look-up < 1 ms: {'met' if look < 1e-3 else 'MISSED'}")


if __name__ == "__main__":
    main()
