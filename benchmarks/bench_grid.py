"""Benchmark: the issue-15 specification grid against looping the single-specification library calls.

The grid is 4 lag orders × 5 cases × 24 orderings × 3 starts × 2 ends = 2,880 specifications with
B = 200 bootstrap replications each (``python -m vecmbook grid --lags 0,1,2,3 --deterministic
1,2,3,4,5 --orderings all --starts 1995,1998,2000 --ends 2019,2024 --boot 200``), timed once on
all cores (joblib, loky) as the command does, again with the workers already started, and on
one worker. The loop does per specification what a user of
the library would: ``analysis.prepare`` (load and validate), the trace test, the fit, standard
errors, impulse responses, the FEVD and ``bootstrap.boot_irf`` with B = 200; it is timed on a
seeded random sample of the specifications and scaled to all of them. Target: ≤ 30 s on this
2-core machine. Run: ``python benchmarks/bench_grid.py``.
"""
from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vecmbook.econometrics import bootstrap, fevd, inference, irf  # noqa: E402
from vecmbook.inputs.dataset import DataError  # noqa: E402
from vecmbook.pipeline import analysis, cache, grid  # noqa: E402
from vecmbook.pipeline.params import ParameterError, RunParameters  # noqa: E402

TARGET = 30.0  # seconds, issue 15
BOOT = 200
SAMPLE = 40  # specifications timed in the loop


def spec() -> grid.GridSpec:
    variables = RunParameters().vars
    return grid.GridSpec(base=RunParameters(boot=BOOT), lags=[0, 1, 2, 3], deterministic=[1, 2, 3, 4, 5],
                         orderings=[list(o) for o in itertools.permutations(variables)],
                         starts=["1995", "1998", "2000"], ends=["2019", "2024"])


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def one_spec(lags: int, case: int, ordering: list[str], start: str, end: str) -> None:
    """The single-specification library calls for one specification (infeasible ones stop at validation)."""
    try:
        ctx = analysis.prepare(lags=lags, deterministic=case, ordering=ordering, rank=3, start=start, end=end,
                               boot=BOOT)
    except (DataError, ParameterError):
        return
    _ = ctx.asymptotic_test.rank
    fit = ctx.fit
    inference.standard_errors(fit)
    irf.orthogonalised(fit, ctx.params.horizon, ctx.order, dof_adjust=True)
    fevd.fevd(fit, ctx.params.horizon, ctx.order, dof_adjust=True)
    bootstrap.boot_irf(fit, ctx.y, ctx.params.horizon, ctx.order, BOOT, ctx.params.seed, progress=False,
                       dof_adjust=True)


def main() -> None:
    os.environ[cache.ENV] = "off"  # both sides compute everything (the grid never uses the cache)
    s = spec()
    combos = list(itertools.product(s.lags, s.deterministic, s.orderings, s.starts, s.ends))
    t_all, records = timed(lambda: grid.compute(s, n_jobs=-1, progress=False))
    t_warm, _ = timed(lambda: grid.compute(s, n_jobs=-1, progress=False))  # loky keeps its workers
    t_one, _ = timed(lambda: grid.compute(s, n_jobs=1, progress=False))
    pick = np.random.default_rng(0).choice(len(combos), size=SAMPLE, replace=False)
    t_loop, _ = timed(lambda: [one_spec(*combos[i]) for i in pick])
    looped = t_loop / SAMPLE * len(combos)
    feasible = sum(r["status"] == "ok" for r in records)
    print(f"grid: {s.size} specifications ({feasible} feasible), {len(grid.groups(s))} (lags, case, window) "
          f"estimations, B = {BOOT}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"{'how':58s} {'time':>9s} {'vs loop':>9s}")
    rows = {"grid, all cores (joblib loky), as the command runs it": t_all,
            "grid, all cores, workers already started": t_warm, "grid, one worker": t_one,
            f"loop of single-spec library calls ({SAMPLE} timed, scaled)": looped}
    for name, sec in rows.items():
        print(f"{name:58s} {sec:7.1f} s {looped / sec:8.1f}x")
    print(f"starting the workers (each imports numpy, pandas, scipy, matplotlib) costs {t_all - t_warm:.1f} s "
          f"of the first time")
    if t_all <= TARGET:
        print(f"target: grid <= {TARGET:.0f} s: met ({t_all:.1f} s)")
    else:
        print(f"target: grid <= {TARGET:.0f} s: MISSED by {t_all - TARGET:.1f} s ({t_all / TARGET:.2f}x); the "
              f"machine's load average is {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, so the workers "
              f"share them")


if __name__ == "__main__":
    main()
