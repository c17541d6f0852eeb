"""Johansen & Juselius (1990), Danish money demand, through the library (vecmbook.study.classic).

Reference: the Table 3 values in data/johansen_juselius_1990.json (not checked against the
printed paper; see its "checked" note), which R urca 1.3.3 ``ca.jo(ecdet = "const", K = 2,
season = 4)`` also gives. Tolerance: rounding to the printed digits (4 decimals for the
eigenvalues, 2 for the statistics) must give the printed value exactly; the smallest
eigenvalue (0.0434) is far from double-precision noise, so rounding is well conditioned
unless a value sits within ~1e-12 of a rounding boundary (none does: checked below).
"""
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from urca_fixture import DENMARK

from vecmbook.econometrics import restrictions
from vecmbook.inputs import dataset as loader
from vecmbook.report import notices
from vecmbook.study import classic


def test_shipped_data_load_through_the_users_loader_as_a_published_study():
    ds, ex = classic.load()
    assert (ds.rows, ds.first_period, ds.last_period, ds.frequency) == (55, "1974Q1", "1987Q3", "quarterly")
    assert ds.kind == loader.PUBLISHED == "published study's data"
    assert ex.names == ("@SEAS(1)-0.25", "@SEAS(2)-0.25", "@SEAS(3)-0.25")
    # the tests' copy is the shipped one
    assert DENMARK == classic.DATA


def test_the_kind_goes_by_content_and_pages_name_it(tmp_path):
    """A copy of the shipped file under another name is still the published study's data (as
    the stand-in is recognised by its bytes); one changed byte makes it a user's file."""
    copy, edited = tmp_path / "mine.csv", tmp_path / "edited.csv"
    copy.write_bytes(DENMARK.read_bytes())
    edited.write_text(DENMARK.read_text().replace("1987Q3", "1987q3"))
    names = ["LRM", "LRY", "IBO", "IDE"]
    same = loader.load_dataset(copy, names, transform="none")
    assert same.kind == loader.PUBLISHED
    assert loader.load_dataset(edited, names, transform="none").kind == loader.USER
    text = notices.data_notice(same, names, [])
    assert "a published study's data, file `mine.csv`" in text and "user-supplied" not in text


def test_table3_rounds_to_the_printed_values():
    test = classic.rank_test()
    t3 = classic.published()["table3"]
    for ours, paper, digits in [(test.eigenvalues, t3["eigenvalues"], 4),
                                (test.maxeig, t3["maxeig"], 2), (test.trace, t3["trace"], 2)]:
        ours = np.asarray(ours)
        np.testing.assert_array_equal(np.round(ours, digits), paper)
        # no value within 1e-9 of a rounding boundary, so the equality above is not luck
        scaled = ours * 10 ** digits
        assert np.all(np.abs(scaled - np.floor(scaled) - 0.5) > 1e-9)
    assert test.nobs == 53


def test_comparison_table_pairs_ours_with_the_paper():
    df = classic.table3_comparison(classic.rank_test())
    np.testing.assert_array_equal(df["trace (ours)"], df["trace (paper)"])
    np.testing.assert_array_equal(df["eigenvalue (ours)"], df["eigenvalue (paper)"])
    assert list(df.index) == ["r = 0", "r <= 1", "r <= 2", "r <= 3"]


def test_published_file_names_its_source_and_model():
    pub = classic.published()
    assert pub["model"] == {"variables": ["LRM", "LRY", "IBO", "IDE"], "start": "1974Q1",
                            "end": "1987Q3", "case": 2, "lags": 1, "seasonal": True}
    assert "NOT checked against the printed paper" in pub["checked"]


R_RESTRICTIONS = """
suppressPackageStartupMessages(library(urca))
x <- read.csv("{path}")[, c("LRM", "LRY", "IBO", "IDE")]
cj <- ca.jo(x, ecdet = "const", type = "trace", K = 2, spec = "longrun", season = 4)
H <- diag(5)[, -1]; H[1, 1] <- -1
b <- blrtest(cj, H = H, r = 1)
a <- alrtest(cj, A = diag(4)[, -3], r = 1)
cat(sprintf("%.17g", c(b@teststat, a@teststat)), "\\n")
"""


@pytest.mark.needs_r
def test_restriction_tests_equal_urca_live():
    """Unit income elasticity (LRM = -LRY in beta) and weak exogeneity of IBO at r = 1 with the
    paper's model, against R urca blrtest/alrtest run now. Each statistic is a difference
    T·[log(1 − λ̃₁) − log(1 − λ̂₁)] of two terms of size T·|log(1 − λ̂₁)| ≈ 30, so it inherits their
    absolute error, not a relative one: two eigensolvers agree to ~1e-10 relative on those terms
    (R solves the non-symmetric form), hence 1e-9 × T·|log(1 − λ̂₁)| absolute. Not the paper's
    printed statistics, which could not be reached from this machine
    (data/johansen_juselius_1990.json)."""
    if shutil.which("Rscript") is None:
        pytest.skip("Rscript not found (apt-get install r-base-core r-cran-urca)")
    proc = subprocess.run(["Rscript", "-e", R_RESTRICTIONS.replace("{path}", str(classic.DATA))],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"R urca not usable: {proc.stderr.strip().splitlines()[-1:]}")
    blr, alr = map(float, proc.stdout.split())
    ds, ex = classic.load()
    y = ds.frame.to_numpy()
    H = np.delete(np.eye(5), 0, axis=1)
    H[0, 0] = -1
    ours_b = restrictions.beta_restriction_test(y, 1, 2, 1, H, exog=ex).statistic
    ours_a = restrictions.weak_exogeneity_test(y, 1, 2, 1, 2, exog=ex).statistic
    test = classic.rank_test()
    scale = test.nobs * -np.log1p(-test.eigenvalues[0])
    np.testing.assert_allclose([ours_b, ours_a], [blr, alr], rtol=0, atol=1e-9 * scale)


def test_the_chapters_johansen_by_hand_equals_the_library():
    """Runs the chapter's "by-hand" cell itself (numpy only: R0, R1, S_ij, the eigenproblem, β, α,
    trace) and compares with the library: eigenvalues and trace to 1e-10 relative (both solve the
    same well-separated symmetric eigenproblem; the smallest eigenvalue is 0.043), the
    normalised first cointegrating vector to 1e-8."""
    import nbformat

    from vecmbook.econometrics import ranktest
    from vecmbook.pipeline import runner

    nb = nbformat.read(str(runner.NOTEBOOKS / "10_classic_replication.ipynb"), as_version=4)
    (cell,) = [c for c in nb.cells if "by-hand" in c.metadata.get("tags", [])]
    dataset, seasonals = classic.load()
    scope = {"classic": classic, "dataset": dataset, "seasonals": seasonals, "test": classic.rank_test(),
             "np": np, "pd": pd, "ranktest": ranktest}
    exec(compile(cell.source, "by-hand cell", "exec"), scope)  # its own assert_allclose lines check it
    rrr = classic.reduced_rank_of_the_paper()
    np.testing.assert_allclose(scope["lam"], rrr.eigenvalues, rtol=1e-10)
    np.testing.assert_allclose(scope["trace"], rrr.trace(), rtol=1e-10)
    beta, lib = scope["beta"][:, 0], rrr.vectors[:, 0]
    np.testing.assert_allclose(beta / beta[0], lib / lib[0], rtol=1e-8)


def test_restriction_tests_and_results_block():
    """The spread and joint restrictions have the df Johansen (1995, Thm 7.2) gives: r (K + 1 − s)."""
    tests = classic.restriction_tests(rank=1)
    assert [t.df for t in tests] == [1, 1, 2, 1, 1, 1, 1]
    block = classic.results_block(classic.rank_test(), tests)
    assert block["nobs"] == 53 and len(block["restrictions"]) == 7
    assert abs(block["restrictions"][0]["statistic"] - tests[0].statistic) == 0
