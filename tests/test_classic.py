"""Johansen & Juselius (1990), Danish money demand, through the library (vecmbook.classic).

Reference: the Table 3 values in data/johansen_juselius_1990.json (not checked against the
printed paper; see its "checked" note), which R urca 1.3.3 ``ca.jo(ecdet = "const", K = 2,
season = 4)`` also gives. Tolerance: rounding to the printed digits (4 decimals for the
eigenvalues, 2 for the statistics) must give the printed value exactly; the smallest
eigenvalue (0.0434) is far from double-precision noise, so rounding is well conditioned
unless a value sits within ~1e-12 of a rounding boundary (none does: checked below).
"""
import json

import numpy as np
import pandas as pd

from vecmbook import classic, johansen
from vecmbook.data import load_dataset

from urca_fixture import DENMARK


def test_shipped_data_load_through_the_users_loader():
    ds, ex = classic.load()
    assert (ds.rows, ds.first_period, ds.last_period, ds.frequency) == (55, "1974Q1", "1987Q3", "quarterly")
    assert ds.kind == "user"  # the loader knows stand-in or user; classic.KIND names the third kind
    assert ex.names == ("@SEAS(1)-0.25", "@SEAS(2)-0.25", "@SEAS(3)-0.25")
    # the tests' copy is the shipped one
    assert DENMARK == classic.DATA


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
