"""The runner end to end: parameters, errors, staging/swap, results.json, HTML pages.

The end-to-end runs execute every notebook on the shipped stand-in data with a small
bootstrap (B = 20) to keep `make test` within CI's budget.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
import yaml

from vecmbook.pipeline import analysis, cache, results, runner
from vecmbook.pipeline.params import REPO, RunParameters, parse_args
from vecmbook.study import claims

SMALL = ["--boot", "20", "--horizon", "6"]


def cli(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vecmbook", *args], capture_output=True, text=True, cwd=cwd,
                          env=None if env is None else os.environ | env)


def toc_files() -> list[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One full run with HTML, Sphinx warnings as errors."""
    out = tmp_path_factory.mktemp("run") / "out"
    proc = cli("run", *SMALL, "--out", str(out), "--strict")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@pytest.mark.slow
def test_results_json_has_the_documented_keys(built):
    assert (built / runner.MARKER).is_file()  # so the next run may replace this folder
    res = json.loads((built / "results.json").read_text())
    assert res["schema_version"] == results.SCHEMA_VERSION
    for key in ["parameters", "dataset", "unit_roots", "johansen", "vecm", "stability", "irf", "fevd"]:
        assert key in res, key
    assert set(res["dataset"]) >= {"path", "sha256", "rows", "first_period", "last_period", "kind"}
    assert res["dataset"]["kind"] == "stand-in" and res["dataset"]["rows"] == 30
    assert set(res["johansen"]) >= {"case", "lags", "eigenvalues", "trace", "trace_cv95", "trace_pvalue",
                                    "maxeig", "maxeig_cv95", "maxeig_pvalue", "rank"}
    k = len(res["parameters"]["vars"])
    assert len(res["johansen"]["trace"]) == k
    assert set(res["vecm"]) >= {"variables", "rank", "alpha", "alpha_se", "beta", "gamma"}
    r = res["vecm"]["rank"]
    beta = res["vecm"]["beta"]
    assert [row[:r] for row in beta[:r]] == [[1.0 if i == j else 0.0 for j in range(r)] for i in range(r)]
    assert len(res["stability"]["moduli"]) == k * (res["parameters"]["lags"] + 1)
    irf = res["irf"]
    assert set(irf) >= {"ordering", "horizon", "orthogonalised", "lower", "upper", "level"}
    assert len(irf["orthogonalised"]) == irf["horizon"] + 1
    for rows in res["fevd"].values():
        assert len(rows) == res["parameters"]["horizon"]
        for row in rows:
            assert abs(sum(row[2:]) - 100) < 1e-6
    for rec in res["unit_roots"]:
        assert set(rec) >= {"variable", "form", "test", "stat", "pvalue", "lags", "trend"}
    assert set(res["robustness"]) == {"parameters", "records"} and res["robustness"]["records"]
    assert set(res["conclusions"]) == {c.id for c in claims.CLAIMS}
    assert {v["outcome"] for v in res["conclusions"].values()} <= set(claims.OUTCOMES)


@pytest.mark.slow
def test_every_toc_page_became_html(built):
    for f in toc_files():
        assert (built / "html" / f"{f}.html").is_file(), f
    executed = sorted((built / "notebooks").glob("*.ipynb"))
    assert [p.name for p in executed] == [p.name for p in runner.notebook_paths()]


@pytest.mark.slow
def test_results_pages_carry_the_data_notice(built):
    """Every chapter on the run's data says it is the stand-in; the classic replication names its
    data as a published study's, never as the stand-in."""
    for f in toc_files():
        if f.startswith("notebooks/"):
            page = (built / "html" / f"{f}.html").read_text()
            if f.endswith("10_classic_replication"):
                assert "A published study" in page and "stand-in dataset" not in page, f
            else:
                assert "stand-in dataset" in page and "not evidence about Dongguan" in page, f


@pytest.mark.slow
def test_pages_load_mathjax_from_the_book_and_show_no_staging_paths(built):
    """Equations must render offline: MathJax is served from html/_static, never a CDN; and the
    parameters a reader sees are the run's (the notebook's defaults cell is removed)."""
    html = built / "html"
    assert (html / "_static" / "mathjax" / "tex-chtml.js").is_file()
    pages = [html / f"{f}.html" for f in toc_files()]
    assert not [p.name for p in pages if "cdn.jsdelivr.net" in p.read_text() or ".staging-" in p.read_text()]
    fevd_page = (html / "notebooks" / "06_variance_decomposition.html").read_text()
    assert 'src="../_static/mathjax/tex-chtml.js"' in fevd_page
    for nb_path in sorted((built / "notebooks").glob("*.ipynb")):
        tags = [c.metadata.get("tags", []) for c in nbformat.read(str(nb_path), as_version=4).cells]
        assert ["parameters", "remove-cell"] in tags, nb_path.name
        assert ["injected-parameters", "hide-input"] in tags, nb_path.name


@pytest.mark.slow
def test_equations_render_in_a_browser_without_network(built):
    """Headless Chromium opens pages from disk; MathJax (local) must turn the TeX into
    rendered math (MathJax 3's ``mjx-container`` elements, display equations among them) without
    a TeX error (``mjx-merror``), which a CDN-only book cannot do offline."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'); .ci/run installs it")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--virtual-time-budget=20000", "--dump-dom"]
    # chapters with primes, perp symbols, fractions and display equations
    for name in ["03_cointegration", "04_vecm", "05_impulse_responses", "06_variance_decomposition"]:
        page = built / "html" / "notebooks" / f"{name}.html"
        proc = subprocess.run([browser, *flags, page.as_uri()], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert proc.stdout.count("<mjx-container") >= 2 and 'display="true"' in proc.stdout, name
        assert "<mjx-merror" not in proc.stdout and "Math Processing Error" not in proc.stdout, name


@pytest.mark.slow
def test_same_parameters_and_seed_give_identical_results(built, tmp_path):
    """``built`` executed its chapters in parallel, each worker's chapters in one reused kernel,
    through the run's cache; this run executes them one after another, each in a new kernel,
    with the cache off: the same results.json, byte for byte (so no chapter depends on what an
    earlier one left in the kernel)."""
    out = tmp_path / "again"
    proc = cli("run", *SMALL, "--out", str(out), "--no-html", "--jobs", "1", "--fresh-kernels",
               env={cache.ENV: "off"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "executing 01_data" in proc.stderr  # computed, not reused
    assert (out / "results.json").read_bytes() == (built / "results.json").read_bytes()
    assert not (out / "html").exists()


@pytest.mark.slow
def test_each_computation_runs_once_and_reruns_reuse_what_did_not_change(tmp_path):
    """One build reads the CSV once and draws the IRF/FEVD bootstrap once (chapters 05 and 06 both
    show it); an unchanged rerun does nothing; a rerun with another rank re-executes only the
    chapters that declare it, and its results.json equals a fresh sequential uncached build's;
    a build of those parameters into another folder copies every chapter from the cache."""
    trace, out = tmp_path / "trace", tmp_path / "out"
    env = {cache.ENV: str(tmp_path / "cache"), cache.TRACE: str(trace)}
    proc = cli("run", *SMALL, "--out", str(out), "--no-html", env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    computed = trace.read_text().splitlines()  # "function argument-hash" per real computation
    names = [line.split()[0] for line in computed]
    # the run's dataset and bootstrap are computed, each once; exercise solutions that compute an
    # alternative specification live (another sample, another rank) add computations of their own,
    # but no (function, arguments) pair is ever computed twice, whichever chapters ask for it
    assert "vecmbook.pipeline.validation._load" in names and "vecmbook.econometrics.bootstrap.boot_irf" in names
    assert len(computed) == len(set(computed)), computed  # no computation ran twice
    before = (out / "results.json").stat().st_mtime_ns

    proc = cli("run", *SMALL, "--out", str(out), "--no-html", env=env)
    assert proc.returncode == 0 and "up to date" in proc.stderr, proc.stderr[-3000:]
    assert (out / "results.json").stat().st_mtime_ns == before

    proc = cli("run", *SMALL, "--rank", "2", "--out", str(out), "--no-html", env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    reused = [line for line in proc.stderr.splitlines() if line.startswith("reusing")]
    assert reused and all(c in reused[0] for c in ("01_data", "02_unit_roots", "10_classic_replication"))
    assert "executing 03_cointegration" in proc.stderr and "executing 01_data" not in proc.stderr
    fresh = tmp_path / "fresh"
    proc = cli("run", *SMALL, "--rank", "2", "--out", str(fresh), "--no-html", "--jobs", "1",
               env={cache.ENV: "off"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (out / "results.json").read_bytes() == (fresh / "results.json").read_bytes()
    # a new output folder: every chapter was executed with these inputs by one of the builds
    # above (01, 02 and 10 by the first, the others by the rank-2 rerun), so none is executed
    # (nor is the fork server that would have started their workers left running after the run)
    elsewhere = tmp_path / "elsewhere"
    code, err, left = run_alone(tmp_path, "run", *SMALL, "--rank", "2", "--out", str(elsewhere), "--no-html",
                                env=env)
    assert code == 0, err[-3000:]
    assert "executing" not in err and "10 chapter(s) an earlier build executed" in err, err
    assert not left, left
    assert (elsewhere / "results.json").read_bytes() == (fresh / "results.json").read_bytes()


@pytest.mark.slow
def test_books_for_different_outs_share_one_sphinx_folder_without_mixing_pages(built, tmp_path):
    """Every run compiles in the cache's one Sphinx folder. After a ``--rank 2`` book into another
    folder, a rerun into a copy of ``built`` that re-executes only chapter 04 (``--size-reps``)
    reuses chapters 03 and 05-09, whose notebooks are older than the rank-2 pages Sphinx read
    last: their pages must still be the rank-3 ones (a reused notebook copied with its old time
    stamp would leave Sphinx showing the rank-2 pages)."""
    other, again = tmp_path / "rank2", tmp_path / "again"
    proc = cli("run", *SMALL, "--rank", "2", "--out", str(other), "--strict")
    assert proc.returncode == 0, proc.stderr[-3000:]
    shutil.copytree(built, again)
    proc = cli("run", *SMALL, "--size-reps", "200", "--out", str(again), "--strict")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "executing 04_vecm" in proc.stderr and "executing 05_impulse" not in proc.stderr, proc.stderr
    for name in ["03_cointegration", "04_vecm", "05_impulse_responses", "09_simulation"]:
        page = lambda out: (out / "html" / "notebooks" / f"{name}.html").read_text()  # noqa: E731
        assert "rank 2 (fixed)" in page(other) and "rank 2 (fixed)" not in page(again), name
        assert "rank 3 (fixed)" in page(again), name


@pytest.mark.parametrize("args,needle", [
    (["--lags", "-1"], "--lags"),
    (["--lags", "x"], "--lags"),
    (["--deterministic", "6"], "--deterministic"),
    (["--rank", "many"], "--rank"),
    (["--boot", "-5"], "--boot"),
    (["--level", "1.5"], "--level"),
    (["--transform", "sqrt"], "--transform"),
    (["--ordering", "FDI,GDP,EXS1"], "--ordering"),
    (["--ordering", "FDI,GDP,EXS1,FOO"], "FOO"),
    (["--vars", "EXS1,EXS2,FDI,NOPE", "--ordering", "EXS1,EXS2,FDI,NOPE"], "NOPE"),
    (["--data", "no/such/file.csv"], "file.csv"),
    (["--rank", "4"], "rank"),
    (["--lags", "12"], "dongguan_standin.csv (1995–2024): too few observations"),
    (["--start", "2012", "--lags", "2"], "dongguan_standin.csv (2012–2024): too few observations"),
    (["--bogus"], "--bogus"),
])
def test_bad_parameters_give_one_line_and_exit_2(tmp_path, args, needle):
    out = tmp_path / "out"
    proc = cli("run", *args, "--out", str(out))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    assert needle in lines[0]
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def run_alone(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, list[str]]:
    """``python -m vecmbook`` with ``args`` in a session of its own, its standard error in a file (not
    a pipe, which a process left behind would hold open): its exit code, standard error, and the
    processes of its session still running 1 s after it ended (multiprocessing's resource tracker
    ends when its pipe closes; nothing else of the run should be left)."""
    import psutil

    err_path = tmp_path / "stderr"
    with open(err_path, "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "vecmbook", *args], cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True, env=None if env is None else os.environ | env)
        code = proc.wait(timeout=300)

    def in_session(p: psutil.Process) -> bool:
        try:
            return p.status() != psutil.STATUS_ZOMBIE and os.getsid(p.pid) == proc.pid
        except (OSError, psutil.Error):
            return False

    _, left = psutil.wait_procs([p for p in psutil.process_iter() if in_session(p)], timeout=1.0)
    return code, err_path.read_text(), [" ".join(p.cmdline())[:120] for p in left if in_session(p)]


def test_a_run_refused_by_validation_leaves_no_process_behind(tmp_path):
    """The run starts the process its chapter workers are forked from before it validates the data
    (that process's imports take ~2 s and overlap the validation). Refused by the validation, the
    run stops it: once the run's process has ended, no process of its session is left."""
    code, err, left = run_alone(tmp_path, "run", "--lags", "12", "--out", str(tmp_path / "out"))
    assert code == 2
    assert not left, left
    assert "too few observations" in err


@pytest.mark.slow
def test_user_data_and_names_reach_every_notebook(tmp_path):
    """--data with other column names: each chapter must compute on that file, not the default.

    Reference: the Johansen eigenvalues computed in this process straight from the user file
    (vecmbook.econometrics.johansen on the logged columns), to 1e-10 relative (same code, same data; the
    test is about which data the notebooks received). A notebook that fell back to the
    stand-in would fail to find columns A..D, or give the stand-in's eigenvalues.
    """
    import numpy as np
    import pandas as pd

    from vecmbook.econometrics import johansen

    frame = pd.read_csv(REPO / "data" / "dongguan_standin.csv")
    frame.columns = ["year", "A", "B", "C", "D"]
    frame["A"] = frame["A"] * np.exp(0.01 * np.arange(len(frame)))  # not the stand-in any more
    path = tmp_path / "mine.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "out"
    proc = cli("run", "--data", str(path), "--vars", "A,B,C,D", "--ordering", "C,D,A,B",
               "--boot", "5", "--horizon", "4", "--out", str(out), "--strict")
    assert proc.returncode == 0, proc.stderr[-3000:]
    res = json.loads((out / "results.json").read_text())
    assert res["dataset"]["kind"] == "user" and res["dataset"]["path"] == str(path)
    assert res["vecm"]["variables"] == ["LA", "LB", "LC", "LD"]
    assert res["irf"]["ordering"] == ["LC", "LD", "LA", "LB"]
    expected = johansen.reduced_rank(np.log(frame[["A", "B", "C", "D"]].to_numpy()), 1, 3).eigenvalues
    np.testing.assert_allclose(res["johansen"]["eigenvalues"], expected, rtol=1e-10)
    for nb in sorted((out / "notebooks").glob("*.ipynb")):
        if nb.stem == "10_classic_replication":  # its own fixed model and data, whatever --data says
            continue
        injected = [c.source for c in nbformat.read(str(nb), as_version=4).cells
                    if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected and f"data = {str(path)!r}".replace("'", '"') in injected[0], nb.name
        page = (out / "html" / "notebooks" / f"{nb.stem}.html").read_text()
        assert "Data: user-supplied file" in page and "Data: the stand-in dataset" not in page, nb.name
    assert res["classic_jj1990"]["nobs"] == 53  # the replication ran on its own data all the same


def test_every_declared_parameter_is_one_the_runner_passes():
    """A chapter declares the parameters its results depend on (so a run changing another reuses
    it): each is one the runner passes; a chapter that uses the fitted model declares all the
    model's parameters; the classic replication has its own fixed model and declares only where
    its results go."""
    known = set(RunParameters().notebook_values()) | {"results_dir"}
    for nb in runner.notebook_paths():
        declared = runner.declared_parameters(nb)
        assert declared <= known, (nb.name, declared - known)
        source = nb.read_text(encoding="utf-8")
        if nb.stem == "10_classic_replication":
            assert declared == {"results_dir"}
        elif any(use in source for use in ("ctx.fit", "ctx.rank", "ctx.johansen", "ctx.order")):
            assert analysis.MODEL_PARAMETERS <= declared, (nb.name, analysis.MODEL_PARAMETERS - declared)


def test_failing_notebook_leaves_previous_build_intact(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / runner.MARKER).write_text("")
    (out / "results.json").write_text("previous")
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("raise RuntimeError('boom in the chapter')"),
    ])
    nb.metadata["kernelspec"] = {"name": "vecmbook", "display_name": "vecmbook", "language": "python"}
    nbformat.write(nb, str(nbdir / "01_broken.ipynb"))
    monkeypatch.setattr(runner, "NOTEBOOKS", nbdir)
    with pytest.raises(runner.RunError, match=r"01_broken\.ipynb failed in cell 1 of the executed copy \(In \[\d+\], "
                       r"starting \"raise RuntimeError.*RuntimeError: boom"):
        runner.run(RunParameters(), out, html=False)
    assert (out / "results.json").read_text() == "previous"


@pytest.mark.parametrize("content", ["my notes", None])
def test_out_that_is_not_a_build_is_refused_and_kept(tmp_path, content):
    """A mistyped --out must not delete a user's folder (or file): exit 2, one line, untouched."""
    out = tmp_path / "mine"
    if content is None:
        out.write_text("a file, not a folder")
    else:
        out.mkdir()
        (out / "notes.txt").write_text(content)
    proc = cli("run", "--boot", "0", "--no-html", "--out", str(out))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "--out" in proc.stderr and "not an earlier build" in proc.stderr
    kept = out.read_text() if content is None else (out / "notes.txt").read_text()
    assert kept == (content or "a file, not a folder")
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # no staging folder left behind


@pytest.mark.parametrize("out", [REPO, REPO.parent, REPO / "data", REPO / "data" / "run", REPO / "notebooks"])
def test_out_inside_the_sources_or_above_the_repo_is_refused(out):
    with pytest.raises(runner.ParameterError, match="--out"):
        runner.check_out(out)


def test_out_accepts_new_empty_and_earlier_builds(tmp_path):
    runner.check_out(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    runner.check_out(tmp_path / "empty")
    runner.check_out(REPO / "_runs" / "lags2")
    old = tmp_path / "old"
    (old / "html").mkdir(parents=True)
    (old / "html" / "index.html").write_text("x")
    (old / "results.json").write_text("{}")
    runner.write_marker(old)  # lists html, html/index.html, results.json and itself
    runner.check_out(old)
    legacy = tmp_path / "legacy"  # a marker holding only its header: the build's top-level names
    (legacy / "html").mkdir(parents=True)
    (legacy / runner.MARKER).write_text(runner.MARKER_HEADER + "\n")
    runner.check_out(legacy)


def test_vars_without_ordering_or_rank_get_defaults_that_fit():
    params, _ = parse_args(["--vars", "A,B,C"])
    assert params.ordering == ["A", "B", "C"] and params.rank == 2
    params, _ = parse_args(["--vars", "A,B", "--rank", "auto"])
    assert params.ordering == ["A", "B"] and params.rank == "auto"
    params, _ = parse_args(["--vars", "EXS1,EXS2,FDI,GDP"])
    assert params.ordering == ["FDI", "GDP", "EXS1", "EXS2"] and params.rank == 3


def test_rank_auto_that_would_pick_full_rank_is_refused_before_running(tmp_path):
    """Stationary levels (iid noise): the trace test rejects every rank < K, so `--rank auto`
    would ask for a VECM of rank K; the runner says so up front (exit 2, one line)."""
    rng = np.random.default_rng(3)
    csv = tmp_path / "noise.csv"
    pd.DataFrame(5 + rng.standard_normal((40, 3)), columns=list("ABC"),
                 index=pd.Index(range(1980, 2020), name="year")).to_csv(csv)
    out = tmp_path / "out"
    proc = cli("run", "--data", str(csv), "--vars", "A,B,C", "--transform", "none", "--rank", "auto",
               "--boot", "0", "--no-html", "--out", str(out))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "--rank auto" in proc.stderr and "--rank 0..2" in proc.stderr
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    # two variables, no log, unrestricted trend, 3 lags: default rank min(3, K-1) = 1 and the
    # Cholesky order of --vars; chapters must not assume LEXS1/LFDI exist
    ["--vars", "FDI,GDP", "--transform", "none", "--deterministic", "5", "--lags", "3"],
    # 20 observations: Zivot-Andrews is infeasible for D(LEXS2); restricted constant, rank 2
    ["--start", "2005", "--deterministic", "2", "--rank", "2", "--ordering", "GDP,FDI,EXS1,EXS2"],
])
def test_other_valid_choices_run_every_chapter(tmp_path, args):
    """Parameters the runner accepts must give a whole run, not a crash in some chapter."""
    out = tmp_path / "out"
    proc = cli("run", *args, "--boot", "0", "--horizon", "4", "--no-html", "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = json.loads((out / "results.json").read_text())
    params, _ = parse_args(args)
    assert res["parameters"]["rank"] == params.rank and res["parameters"]["ordering"] == params.ordering
    assert res["vecm"]["rank"] == params.rank
    assert len(list((out / "notebooks").glob("*.ipynb"))) == len(runner.notebook_paths())


def test_help_lists_every_option():
    proc = cli("run", "--help")
    assert proc.returncode == 0
    for option in ["--data", "--vars", "--transform", "--lags", "--rank", "--deterministic", "--ordering",
                   "--horizon", "--boot", "--seed", "--start", "--end", "--out", "--no-html"]:
        assert option in proc.stdout


def test_parse_args_defaults_are_the_studys_choices():
    params, ns = parse_args([])
    assert params.lags == 1 and params.rank == 3 and params.deterministic == 3
    assert params.ordering == ["FDI", "GDP", "EXS1", "EXS2"] and ns.out.endswith("_build")
