"""The specification grid (issue 15): records against direct library calls and statsmodels,
infeasible specifications, one-line errors, grid.csv against grid.json, reproducible bytes,
the --out safety rules and the Dask backend.

Small grids on the shipped stand-in (30 annual observations); ``--jobs 1`` unless the parallel
path itself is tested.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import numpy as np
import pytest
from joblib.externals.loky import get_reusable_executor
from statsmodels.tsa.vector_ar.vecm import VECM

from vecmbook.__main__ import main
from vecmbook.econometrics import bootstrap, fevd, inference, irf, ranktest
from vecmbook.pipeline import analysis, grid, runner
from vecmbook.pipeline.params import RunParameters

SM_DET = {1: "n", 2: "ci", 3: "co", 4: "coli", 5: "colo"}
DEFAULT_ORDER = ["LFDI", "LGDP", "LEXS1", "LEXS2"]


def small_spec(**changes) -> grid.GridSpec:
    base = RunParameters(boot=0)
    values = {"base": base, "lags": [0, 1, 3], "deterministic": [2, 3], "orderings": [
        ["FDI", "GDP", "EXS1", "EXS2"], ["EXS1", "FDI", "GDP", "EXS2"]], "starts": [None, "2000"],
              "ends": ["2019", None]} | changes
    return grid.GridSpec(**values)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return grid.compute(small_spec(), n_jobs=1, progress=False)


def find(records, **key) -> dict:
    hits = [r for r in records if all(r[k] == v for k, v in key.items())]
    assert len(hits) == 1, key
    return hits[0]


def test_one_record_per_specification_in_a_fixed_order(records):
    spec = small_spec()
    assert len(records) == spec.size == 3 * 2 * 2 * 2 * 2
    keys = [(r["lags"], r["deterministic"], r["start"], r["end"]) for r in records[::2]]
    assert keys == sorted(keys, key=lambda k: (k[0], k[1], k[2] != 1995, k[3] != 2019))
    assert {tuple(r["ordering"]) for r in records} == {tuple(DEFAULT_ORDER), ("LEXS1", "LFDI", "LGDP", "LEXS2")}
    assert all(isinstance(r["start"], int) and isinstance(r["end"], int) for r in records)


def test_default_specification_equals_a_single_run(records):
    """rank_trace and the point FEVD shares of the default spec equal what the chapters compute."""
    rec = find(records, lags=1, deterministic=3, start=1995, end=2024, ordering=DEFAULT_ORDER)
    ctx = analysis.prepare(boot=0)
    assert rec["status"] == "ok" and rec["nobs"] == ctx.fit.nobs == 28
    assert rec["rank_trace"] == ctx.asymptotic_test.rank and rec["rank_used"] == ctx.rank == 3
    _, shares = fevd.fevd(ctx.fit, 10, ctx.order, dof_adjust=True)
    for i, resp in enumerate(ctx.names):
        for j, imp in enumerate(ctx.names):
            assert rec["fevd_last"][resp][imp] == pytest.approx(shares[-1, i, j], abs=1e-6)
    impact = irf.orthogonalised(ctx.fit, 0, ctx.order, dof_adjust=True)[0]
    assert rec["impact"]["LEXS2"]["LFDI"] == pytest.approx(impact[1, 2], abs=1e-9)


@pytest.mark.parametrize("lags,case,start,end", [(1, 3, 1995, 2024), (0, 2, 2000, 2019), (3, 3, 1995, 2024)])
def test_records_match_statsmodels_vecm_and_the_trace_test(records, lags, case, start, end):
    """α of each record equals statsmodels' VECM on the same sample; its standard errors are
    inference's (EViews d.f.); rank_trace is the sequential trace test on that sample."""
    rec = find(records, lags=lags, deterministic=case, start=start, end=end, ordering=DEFAULT_ORDER)
    ctx = analysis.prepare(lags=lags, deterministic=case, start=str(start), end=str(end), boot=0)
    y = ctx.y
    ref = VECM(y, k_ar_diff=lags, coint_rank=3, deterministic=SM_DET[case]).fit()
    se = inference.standard_errors(ctx.fit).alpha_se
    for i, resp in enumerate(ctx.names):
        for j in range(3):
            cell = rec["ect"][resp][ctx.names[j]]
            assert cell["alpha"] == pytest.approx(ref.alpha[i, j], abs=1e-8)
            assert cell["se"] == pytest.approx(se[i, j], rel=1e-9)
    assert rec["rank_trace"] == ranktest.johansen_test(y, lags, case, progress=False).rank


def test_orderings_reuse_one_fit_and_differ_only_in_identification(records):
    a = find(records, lags=1, deterministic=2, start=2000, end=2024, ordering=DEFAULT_ORDER)
    b = find(records, lags=1, deterministic=2, start=2000, end=2024, ordering=["LEXS1", "LFDI", "LGDP", "LEXS2"])
    assert a["ect"] == b["ect"] and a["nobs"] == b["nobs"] and a["rank_trace"] == b["rank_trace"]
    assert b["impact"]["LEXS1"]["LFDI"] == 0.0  # LEXS1 ordered first: no contemporaneous FDI effect
    assert a["fevd_last"] != b["fevd_last"]
    for rec in (a, b):
        assert all(sum(row.values()) == pytest.approx(100.0) for row in rec["fevd_last"].values())


def test_too_short_samples_stay_in_the_grid_as_infeasible(records):
    rec = find(records, lags=3, deterministic=3, start=2000, end=2019, ordering=DEFAULT_ORDER)
    assert rec["status"] == "infeasible"
    assert "too few observations" in rec["reason"] and "2000–2019" in rec["reason"]
    assert "nobs" not in rec and "fevd_last" not in rec
    # only lags 3 on 2000–2019 (20 observations, 25 needed), under both cases and both orderings
    assert sum(r["status"] == "infeasible" for r in records) == 2 * 2


def test_bootstrap_intervals_equal_boot_irf_for_each_ordering():
    spec = small_spec(base=RunParameters(boot=60), lags=[1], deterministic=[3], starts=[None], ends=[None])
    recs = grid.compute(spec, n_jobs=1, progress=False)
    ctx = analysis.prepare(boot=60)
    for rec in recs:
        order = [ctx.names.index(n) for n in rec["ordering"]]
        ref = bootstrap.boot_irf(ctx.fit, ctx.y, 10, order, 60, ctx.params.seed, 0.95, progress=False,
                                 dof_adjust=True)
        for i, resp in enumerate(ctx.names):
            for j, imp in enumerate(ctx.names):
                assert rec["fevd_last_lower"][resp][imp] == pytest.approx(ref.fevd.lower[-1, i, j], abs=1e-9)
                assert rec["fevd_last_upper"][resp][imp] == pytest.approx(ref.fevd.upper[-1, i, j], abs=1e-9)
        assert rec["boot_dropped"] == ref.dropped


def cli(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(list(args))
    return code, capsys.readouterr().err.strip().splitlines()


@pytest.mark.parametrize("args,needle", [
    (["--lags", "1,x"], "--lags must be an integer"),
    (["--lags", "1,1"], "--lags repeats a value"),
    (["--deterministic", "2,6"], "--deterministic must list values in 1..5"),
    (["--orderings", "FDI,GDP"], "each ordering must name the 4 variables"),
    (["--orderings", "FDI,GDP,EXS1,XX"], "unknown variable"),
    (["--starts", "1990"], "--starts 1990 is not a period of the data"),
    (["--ends", "2024,2024"], "--ends repeats a name"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --backend dask"),
])
def test_bad_lists_give_one_line_and_exit_2(tmp_path, capsys, args, needle):
    out = tmp_path / "g"
    code, lines = cli(capsys, "grid", *args, "--out", str(out))
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0], lines
    assert not out.exists()


def test_command_writes_json_and_a_consistent_csv_and_same_seed_gives_same_bytes(tmp_path, capsys):
    args = ["grid", "--lags", "0,3", "--deterministic", "3", "--orderings", "FDI,GDP,EXS1,EXS2;GDP,FDI,EXS1,EXS2",
            "--starts", "1995,2000", "--ends", "2019", "--boot", "20", "--jobs", "1"]
    code, lines = cli(capsys, *args, "--out", str(tmp_path / "a"))
    assert code == 0 and lines[-1].startswith("done:") and "8 specifications, 6 feasible" in lines[-1]
    doc = json.loads((tmp_path / "a" / "grid.json").read_text())
    assert doc["schema_version"] == grid.SCHEMA_VERSION
    assert doc["parameters"]["lags"] == [0, 3] and doc["parameters"]["starts"] == [1995, 2000]
    assert doc["parameters"]["data"] == "data/dongguan_standin.csv"
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a" / "grid.csv").read_text())))
    assert len(rows) == len(doc["records"])
    for row, rec in zip(rows, doc["records"]):
        flat = grid.flatten(rec)
        assert set(k for k, v in row.items() if v != "") == set(flat)
        for key, value in flat.items():
            if isinstance(value, float):
                assert float(row[key]) == value, key
            else:
                assert row[key] == str(value), key
    code, _ = cli(capsys, *args, "--out", str(tmp_path / "b"))
    assert code == 0
    assert (tmp_path / "a" / "grid.json").read_bytes() == (tmp_path / "b" / "grid.json").read_bytes()
    # the same folder again: an earlier grid is replaced, a user's file in it is not deleted
    code, _ = cli(capsys, *args, "--out", str(tmp_path / "a"))
    assert code == 0
    (tmp_path / "a" / "notes.txt").write_text("mine")
    code, lines = cli(capsys, *args, "--out", str(tmp_path / "a"))
    assert code == 2 and "notes.txt" in lines[-1] and (tmp_path / "a" / "notes.txt").read_text() == "mine"


def test_out_that_is_not_a_build_is_refused(tmp_path, capsys):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("x")
    code, lines = cli(capsys, "grid", "--boot", "0", "--out", str(tmp_path / "mine"))
    assert code == 2 and runner.MARKER in lines[-1]
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["thesis.tex"]


def test_parallel_and_dask_backends_give_the_records_of_one_process():
    distributed = pytest.importorskip("dask.distributed")
    spec = small_spec(base=RunParameters(boot=20), lags=[0, 1], starts=[None], ends=[None])
    serial = grid.compute(spec, n_jobs=1, progress=False)
    assert grid.compute(spec, n_jobs=2, progress=False) == serial
    # loky keeps its workers (and a resource tracker) for reuse; a later test's runner, stopping every
    # child process on a failure path, would kill them and leave the tracker complaining at exit
    get_reusable_executor().shutdown(wait=True)
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        assert grid.compute(spec, backend="dask", progress=False) == serial


def test_run_record_is_the_grid_record_of_the_run_with_its_paths():
    ctx = analysis.prepare(boot=0)
    rec = grid.run_record(ctx)
    spec = small_spec(lags=[1], deterministic=[3], orderings=[["FDI", "GDP", "EXS1", "EXS2"]], starts=[None],
                      ends=[None])
    (same,) = grid.compute(spec, n_jobs=1, progress=False)
    assert {k: rec[k] for k in same} == same
    theta = irf.orthogonalised(ctx.fit, 10, ctx.order, dof_adjust=True)
    np.testing.assert_allclose(rec["irf"]["LEXS1"]["LFDI"], theta[:, 0, 2], atol=1e-12)
    gamma = inference.standard_errors(ctx.fit)
    assert rec["short_run"]["LEXS1"]["D(LFDI(-1))"]["coef"] == pytest.approx(gamma.gamma[0, 2])
    assert "short_run" in rec and grid.run_record(analysis.prepare(boot=0, lags=0))["short_run"] == {}


def test_rank_auto_uses_the_trace_choice_per_specification():
    spec = small_spec(base=replace(RunParameters(boot=0), rank="auto"), lags=[1], deterministic=[1, 3],
                      orderings=[["FDI", "GDP", "EXS1", "EXS2"]], starts=[None], ends=[None])
    for rec in grid.compute(spec, n_jobs=1, progress=False):
        if rec["status"] == "ok":
            assert rec["rank_used"] == rec["rank_trace"]
        else:
            assert "rejects every rank below 4" in rec["reason"]


def test_chapter_grid_surrounds_the_run_and_always_holds_it():
    ctx = analysis.prepare(boot=0)
    spec = grid.chapter_spec(ctx)
    assert spec.lags == [0, 1, 2] and spec.deterministic == [2, 3, 4]
    # the run's ordering, then the other one the study's period-1 shares allow (chapter 06)
    assert spec.orderings == [DEFAULT_ORDER, ["LGDP", "LFDI", "LEXS1", "LEXS2"]]
    assert spec.starts == ["1995", "2000"] and spec.ends == ["2019", "2024"] and spec.base.boot == 100
    mine = analysis.prepare(lags=3, deterministic=5, grid_lags=[0], grid_deterministic=[1], grid_orderings="all",
                            grid_starts=["1998"], grid_ends=["2024"], grid_boot=0)
    spec = grid.chapter_spec(mine)
    assert spec.lags == [0, 3] and spec.deterministic == [1, 5] and len(spec.orderings) == 24
    assert spec.orderings[0] == DEFAULT_ORDER and spec.starts == ["1995", "1998"] and spec.ends == ["2024"]
    records = grid.compute(replace(spec, orderings=spec.orderings[:1]), n_jobs=1, progress=False)
    own = grid.own_record(records, mine)
    assert (own["lags"], own["deterministic"], own["start"], own["end"]) == (3, 5, 1995, 2024)


def test_default_windows_are_the_whole_sample(tmp_path, capsys):
    code, lines = cli(capsys, "grid", "--boot", "0", "--jobs", "1", "--out", str(tmp_path / "g"))
    assert code == 0, lines
    doc = json.loads((tmp_path / "g" / "grid.json").read_text())
    assert (doc["parameters"]["starts"], doc["parameters"]["ends"], doc["parameters"]["size"]) == ([1995], [2024], 1)
    (rec,) = doc["records"]
    assert (rec["start"], rec["end"], rec["ordering"], rec["rank_used"]) == (1995, 2024, DEFAULT_ORDER, 3)
    assert "fevd_last_lower" not in rec  # --boot 0: no intervals
