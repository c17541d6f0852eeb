"""Simulate the asymptotic null distributions of Johansen's trace and max-eigenvalue tests.

For deterministic case c (1..5) and dimension k = K − r, the limit of both statistics is
a functional of a k-dimensional Brownian motion (Johansen 1995, Thm 6.1 and ch. 15). We
approximate it by the statistic for H0: rank 0 in a k-variable VECM without lagged
differences, computed by ``vecmbook.econometrics.johansen.reduced_rank`` on Gaussian random walks of
``--steps`` T steps (batched, so this *is* the statistic the package reports).

Data-generating process per case (Johansen 1995, ch. 6 and Tables 15.1–15.5;
MacKinnon, Haug & Michelis 1999, the values EViews prints):

* cases 1, 2, 4: a driftless random walk. In case 4 the trend sits in β, so the
  statistic is exactly invariant to a drift.
* case 3 (unrestricted constant): the constant is assumed to generate a linear trend
  (α⊥'μ ≠ 0), so the last coordinate carries a drift; that is why the k = 1 critical
  value is the χ²(1) quantile 3.841 (study's Table 3, EViews). A driftless walk would
  give the Dickey–Fuller-type value 8.18 that R urca prints for ``ecdet="none"``.
  The k = 1 rows simulated here for cases 3 and 5 are only a check: ``vecmbook.econometrics.pvalues``
  uses the exact χ²(1) law there (``EXACT_CHI2``) and never reads them.
* case 5 (unrestricted trend): likewise the last coordinate carries a quadratic trend.
  The trend is DRIFT·√T times the walk's scale; canonical correlations are invariant to
  rescaling, so the statistic differs from the limit with a pure trend by O(1/DRIFT)
  (≈ 2e-6 relative for DRIFT = 1e6, checked).

Discretisation: quantiles at finite T carry an O(1/T) bias (at T = 1000 from ≈ +0.1 %
for k = 1 to ≈ +0.6 % for k = 10, measured against MacKinnon–Haug–Michelis). Each walk is therefore also evaluated at
T/2 (every second point) and the tables hold the Richardson extrapolation
q = 2·q_T − q_{T/2}.

Precision: replications run in chunks (memory bounded by ``--chunk``); after each chunk
the standard error of the extrapolated 95 % quantile is estimated from the spread of
quantiles of 40 equal batches, and a dimension stops when that error is below
``--target`` (relative) for every case and both tests, or at ``--reps`` replications.
The walks are shared by the five cases. Dimensions run in the order k = 1, 2, …, so the
tables needed for K = 4 are complete first; the output file is rewritten after each k.

Output ``vecmbook/tables/johansen_quantiles.npz``: ``levels`` (P,) CDF levels;
``quantiles`` (2, 5, kmax, P) for test (trace, maxeig) × case × k; ``reps`` (kmax,);
``rel_se95`` (2, 5, kmax) relative standard error of the 95 % quantile; ``bias95``
(2, 5, kmax) the removed discretisation term (q_T − q)/q at 95 %; ``steps``, ``seed``.

Run (single-threaded BLAS, niced; with the same numpy/BLAS this reproduces the shipped file):
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 nice -n 10 python \\
        scripts/simulate_johansen_tables.py --seed 19990101 \\
        --reps 1500000 1500000 1500000 1500000 1500000 150000
Took: 2444 s CPU for k = 1..5 and 947 s for k = 6..10 (run as ``--kmin 6``), 57 CPU
minutes in all on a shared 2-core machine. Replications used: 1.5M, 1.29M, 910k, 623k,
518k for k = 1..5 (k = 1 hit the cap), 150k (the cap, chosen to fit the 60-minute
budget) for k = 6..10. Relative s.e. of the 95 % quantiles reached (worst over cases
and tests): 0.18 % (k = 1), 0.10 % (k = 2..5), 0.12–0.16 % (k = 6..10). The extrapolated
95 % quantiles are within 0.33 % of MacKinnon–Haug–Michelis for cases 1, 3, 5, k ≤ 10
(tests/test_pvalues.py); the removed T-bias was 0.1–0.6 %.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from vecmbook.econometrics.johansen import CASES, reduced_rank
from vecmbook.econometrics.pvalues import TABLE

OUT = TABLE  # where vecmbook.econometrics.pvalues reads it
TESTS = ("trace", "maxeig")
DRIFT = 1e6
N_BATCHES = 40
#: CDF levels of the stored quantiles: dense in the upper tail where p-values matter
LEVELS = np.unique(np.round(np.concatenate([
    [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3],
    np.arange(0.01, 0.99, 0.01),
    [0.975, 0.985, 0.99, 0.9925, 0.995, 0.9975, 0.998, 0.999, 0.9995, 0.9998, 0.9999],
]), 6))


def random_walks(rng: np.random.Generator, reps: int, steps: int, k: int) -> np.ndarray:
    """Gaussian random walks starting at 0, shape (reps, steps + 1, k)."""
    y = np.empty((reps, steps + 1, k))
    y[:, 0, :] = 0.0
    np.cumsum(rng.standard_normal((reps, steps, k)), axis=1, out=y[:, 1:, :])
    return y


def with_trend(y: np.ndarray, case: int) -> np.ndarray:
    """Add the dominant linear (case 3) or quadratic (case 5) trend to the last coordinate."""
    if case not in (3, 5):
        return y
    steps = y.shape[-2] - 1
    u = np.arange(steps + 1) / steps
    out = y.copy()
    out[..., -1] += DRIFT * np.sqrt(steps) * (u if case == 3 else u**2)
    return out


def statistics(y: np.ndarray) -> np.ndarray:
    """Trace and max-eigenvalue statistics for rank 0, shape (reps, 2 tests, 5 cases, 2 T's).

    The last axis holds the statistic on all ``steps`` and on every second point (T/2).
    """
    out = np.empty((y.shape[0], 2, len(CASES), 2), dtype=np.float32)
    for j, case in enumerate(CASES):
        yc = with_trend(y, case)
        for s, sub in enumerate((yc, yc[:, ::2, :])):
            rr = reduced_rank(sub, 0, case)
            out[:, 0, j, s] = rr.trace()[:, 0]
            out[:, 1, j, s] = rr.maxeig()[:, 0]
    return out


def extrapolated_quantiles(stats: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Richardson-extrapolated quantiles 2 q_T − q_{T/2} along axis 0 → (..., len(levels))."""
    q = np.moveaxis(np.quantile(stats, levels, axis=0), 0, -1)  # (2, 5, 2, P)
    return 2 * q[..., 0, :] - q[..., 1, :]


def rel_se95(stats: np.ndarray) -> np.ndarray:
    """Relative standard error of the extrapolated 95 % quantile from batch quantiles."""
    n = stats.shape[0] // N_BATCHES * N_BATCHES
    batches = stats[:n].reshape((N_BATCHES, -1) + stats.shape[1:])
    qb = 2 * np.quantile(batches[..., 0], 0.95, axis=1) - np.quantile(batches[..., 1], 0.95, axis=1)
    q = extrapolated_quantiles(stats, np.array([0.95]))[..., 0]
    return qb.std(axis=0, ddof=1) / np.sqrt(N_BATCHES) / q


def simulate_dimension(
    k: int, max_reps: int, args: argparse.Namespace
) -> tuple[np.ndarray, int, np.ndarray, np.ndarray]:
    """Run chunks for dimension k until the precision target or ``max_reps``."""
    rng = np.random.default_rng([args.seed, k])
    chunk = max(1, min(max_reps, args.chunk // (args.steps * k)))
    parts: list[np.ndarray] = []
    done, checked, se = 0, 0, np.full((2, len(CASES)), np.inf)
    bar = tqdm(total=max_reps, desc=f"k={k}", unit="rep", disable=args.quiet)
    while done < max_reps:
        b = min(chunk, max_reps - done)
        parts.append(statistics(random_walks(rng, b, args.steps, k)))
        done += b
        bar.update(b)
        if done >= max(args.min_reps, 1.2 * checked):  # geometric checkpoints
            checked, se = done, rel_se95(np.concatenate(parts))
            bar.set_postfix(rel_se95=f"{se.max():.2e}")
            if se.max() <= args.target:
                break
    bar.close()
    stats = np.concatenate(parts)
    se = rel_se95(stats)
    q_t = np.quantile(stats[..., 0], 0.95, axis=0)
    quantiles = extrapolated_quantiles(stats, LEVELS)
    q95 = quantiles[..., np.argmin(np.abs(LEVELS - 0.95))]
    return quantiles, done, se, q_t / q95 - 1


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, nargs="+", default=[1_500_000],
                    help="maximum replications for k = 1, 2, ...; the last value repeats")
    ap.add_argument("--min-reps", type=int, default=100_000, help="minimum replications per k")
    ap.add_argument("--target", type=float, default=1e-3, help="relative s.e. of the 95%% quantile")
    ap.add_argument("--seed", type=int, default=19990101)
    ap.add_argument("--steps", type=int, default=1000, help="random-walk length T")
    ap.add_argument("--kmax", type=int, default=10)
    ap.add_argument("--kmin", type=int, default=1,
                    help="resume: keep k < kmin from --out (same seed and steps)")
    ap.add_argument("--chunk", type=int, default=2_000_000, help="walk elements per batch (memory)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.steps % 2:
        raise ValueError("--steps must be even (the T/2 walk uses every second point)")
    shape = (len(TESTS), len(CASES), args.kmax)
    quantiles = np.full(shape + (len(LEVELS),), np.nan)
    se, bias = np.full(shape, np.nan), np.full(shape, np.nan)
    reps = np.zeros(args.kmax, dtype=int)
    if args.kmin > 1:  # per-k seeds make a resumed run identical to a full one
        with np.load(args.out) as old:
            if int(old["seed"]) != args.seed or int(old["steps"]) != args.steps:
                raise ValueError("--kmin: existing table has another --seed or --steps")
            keep = slice(0, args.kmin - 1)
            quantiles[:, :, keep] = old["quantiles"][:, :, keep]
            se[:, :, keep], bias[:, :, keep] = old["rel_se95"][:, :, keep], old["bias95"][:, :, keep]
            reps[keep] = old["reps"][keep]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    start = time.process_time()
    for k in range(args.kmin, args.kmax + 1):
        q, n, s, b = simulate_dimension(k, args.reps[min(k, len(args.reps)) - 1], args)
        if not np.all(np.diff(q, axis=-1) > 0):
            print(f"note: k={k}: extrapolated quantiles not increasing at the extreme levels "
                  "(vecmbook.econometrics.pvalues uses only levels with >= 50 draws beyond them)", flush=True)
        quantiles[:, :, k - 1], reps[k - 1], se[:, :, k - 1], bias[:, :, k - 1] = q, n, s, b
        np.savez_compressed(args.out, levels=LEVELS, quantiles=quantiles, reps=reps,
                            rel_se95=se, bias95=bias, steps=args.steps, seed=args.seed)
        i95 = int(np.argmin(np.abs(LEVELS - 0.95)))
        print(f"k={k}: {n} reps, CPU {time.process_time() - start:.0f} s; 95% quantile "
              f"(rel. s.e., T-bias removed) per case:", flush=True)
        for t, name in enumerate(TESTS):
            cells = ", ".join(f"{c}: {q[t, c - 1, i95]:.3f} ({s[t, c - 1]:.1e}, {b[t, c - 1]:+.1e})"
                              for c in CASES)
            print(f"  {name:6s} {cells}", flush=True)
    print(f"total CPU {time.process_time() - start:.0f} s -> {args.out}")


if __name__ == "__main__":
    main()
