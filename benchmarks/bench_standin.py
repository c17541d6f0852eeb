"""Benchmark: the stand-in generator (scripts/make_standin.py) and its stages.

Times, on this machine: the batched VECM scoring of 10,000 draws against a loop that fits
and decomposes 200 draws one at a time (scaled to 10,000); the ADF/PP tests of 128 draws in
one process and spread over all cores with joblib (taking turns); and the whole generator once
(``standin.generate``: N_DRAWS draws, unit roots on the survivors). Best of a few rounds
for the short stages, one run for the generator. Run: ``python benchmarks/bench_standin.py``.
"""
from __future__ import annotations

import os
import time

import numpy as np

from vecmbook.econometrics import vecm
from vecmbook.econometrics.fevd import fevd
from vecmbook.study import standin, standin_draws

N_UR = 128  # draws in the unit-root timing


def best_of(fn, rounds: int = 3) -> float:
    """Smallest wall time of ``rounds`` calls, in seconds."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _loop(logs: np.ndarray) -> None:
    for y in logs:
        fit = vecm.fit(y, standin.LAGS, standin.CASE, standin.RANK)
        fevd(fit, standin_draws.HORIZON, standin_draws.ORDER, dof_adjust=True)


def main() -> None:
    params = standin.true_parameters()
    seeds = standin.SEED_BASE + np.arange(10_000)
    logs = standin_draws.simulate(params, seeds)
    batched = best_of(lambda: standin_draws.vecm_statistics(standin_draws.simulate(params, seeds)))
    loop = best_of(lambda: _loop(logs[:200])) * 50
    standin_draws.unit_root_pvalues(logs[:8], n_jobs=-1)  # start the worker processes once
    serial, parallel = np.inf, np.inf
    for _ in range(3):  # the two take turns, so load bursts on a shared machine hit both alike
        serial = min(serial, best_of(lambda: standin_draws.unit_root_pvalues(logs[:N_UR], n_jobs=1), 1))
        parallel = min(parallel, best_of(lambda: standin_draws.unit_root_pvalues(logs[:N_UR], n_jobs=-1), 1))
    t0 = time.perf_counter()
    standin.generate(progress=False)
    whole = time.perf_counter() - t0
    print(f"{'simulate + score 10,000 draws, batched':48s} {batched:8.2f} s")
    print(f"{'fit + FEVD one draw at a time (x 10,000)':48s} {loop:8.2f} s   ratio {loop / batched:5.1f}")
    print(f"{f'ADF + PP of {N_UR} draws, one process':48s} {serial:8.2f} s   ({1000 * serial / N_UR:.0f} ms a draw)")
    print(f"{f'ADF + PP of {N_UR} draws, joblib on {os.cpu_count()} cores':48s} {parallel:8.2f} s   "
          f"speed-up {serial / parallel:4.2f} (load average {os.getloadavg()[0]:.1f})")
    print(f"{f'standin.generate ({standin.N_DRAWS:,} draws)':48s} {whole:8.2f} s")


if __name__ == "__main__":
    main()
