"""The conclusions chapter's "paper vs ours at a glance": every headline number of the study beside
this run's and, on the stand-in, the value of the model that generated the data.

Rows: Table 2's ADF / PP verdicts, Table 3's trace statistics and rank, the loadings ECT1 and ECT2
(section 4.3.2), the signs of the FDI impact responses (section 4.5) and FDI's period-10 variance
shares (Tables 4–5). Each row has the gap (ours against the paper) and the reason for it. All cells
are text, "–" where a value does not exist (the paper prints no number, the data have no known
truth, the run lacks the variable); :data:`MISSING_NOTE` says so under the table.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from vecmbook.econometrics import fevd, irf
from vecmbook.econometrics.ranktest import JohansenTest
from vecmbook.econometrics.unitroot import UnitRootResult, by_label
from vecmbook.study import cointegration, paper, standin
from vecmbook.study.claims import STUDY_PERIOD, STUDY_RANK

MISSING_NOTE = ("“–”: no such value — the study prints no number (its impulse-response figure did not survive "
                "in the text), the data have no known truth (user data), the stand-in's truth has no sample "
                "statistic, or this run lacks the variable or relation.")
NA = "–"
#: how this book words a unit-root verdict in the study's terms
WORDS = {"unit root": "non-stationary", "stationary": "stationary"}


def _num(x: float | None, digits: int = 3) -> str:
    return NA if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def _gap(ours: float | None, theirs: float | None, digits: int = 3) -> str:
    if ours is None or theirs is None or not np.isfinite(ours):
        return NA
    return f"{ours - theirs:+.{digits}f}"


def truth_values(names: Sequence[str], order_names: Sequence[str], horizon: int) -> dict:
    """The stand-in's true rank, ECT loadings, FDI impact responses and period-``horizon`` FDI shares,
    read from its true VECM under this run's ordering (keys as :func:`glance_table` uses them)."""
    rec = standin.truth_record()
    model = standin.truth()
    tn = rec["variables"]
    order = [tn.index(n) for n in order_names]
    theta = irf.orthogonalised(model, 0, order, dof_adjust=False)[0]
    shares = fevd.fevd(model, horizon, order)[1][-1]
    j = tn.index("LFDI")
    return {"rank": model.rank,
            "ect": {var: float(model.alpha[tn.index(var), tn.index(var)]) for var in ("LEXS1", "LEXS2")},
            "impact": {var: float(theta[tn.index(var), j]) for var in ("LEXS1", "LEXS2")},
            "share": {var: float(shares[tn.index(var), j]) for var in ("LEXS1", "LEXS2")}}


def glance_table(record: Mapping, unit_roots: Sequence[UnitRootResult], test: JohansenTest,
                 truth: Mapping | None, kind: str) -> pd.DataFrame:
    """Paper, ours, the stand-in's truth (``truth`` from :func:`truth_values`, None without one), the
    gap and its reason, one row per headline number. ``record`` is the run's own record
    (:func:`vecmbook.pipeline.grid.run_record`); ``kind`` the dataset's ("stand-in" or "user")."""
    names = list(record.get("ordering", []))
    standin_data = kind == "stand-in"
    why_data = (f"stand-in draw chosen to resemble the study; sampling error at T = {record.get('nobs', NA)}"
                if standin_data else "your data, not the study's: a gap is a finding about your data")
    rows = []

    printed = {}
    for rec in paper.unit_root_frame().itertuples():
        label = rec.variable if rec.form == "level" else f"D({rec.variable})"
        printed.setdefault(label, {})[rec.test] = (rec.result.lower(), rec.pvalue)
    for label, tests in by_label([r for r in unit_roots if r.test in ("ADF", "PP")]).items():
        ours = " / ".join(WORDS[tests[t].verdict] for t in ("ADF", "PP") if t in tests)
        theirs = printed.get(label)
        study = NA if theirs is None else " / ".join(theirs[t][0] for t in ("ADF", "PP"))
        truth_says = NA if truth is None else " / ".join(["stationary" if label.startswith("D(")
                                                          else "non-stationary"] * 2)
        if theirs is None:
            gap, why = NA, "the study has no such row"
        elif ours == study:
            gap = "agree"
            why = "by construction: the stand-in draw was selected for them" if standin_data else "same verdicts"
        else:
            gap = "differ"
            self_contradiction = [t for t in ("ADF", "PP") if (theirs[t][1] < 0.05) != (theirs[t][0] == "stationary")]
            why = (f"the study's own {', '.join(self_contradiction)} verdict contradicts its p-value; "
                   if self_contradiction else "") + (
                "the stand-in draw was selected for stationary differences"
                if standin_data else f"tests on {tests['ADF'].nobs} observations have low power")
        rows.append((f"Table 2: {label}, ADF / PP", study, ours, truth_says, gap, why))

    table3 = paper.load_paper_reported()["table3_johansen"]["rows"]
    implied = cointegration.implied_nobs()["T"]
    for r, row in enumerate(table3):
        ours = float(test.trace[r]) if r < test.k else None
        rows.append((f"Table 3: trace statistic, rank ≤ {r}", _num(row["trace"], 2), _num(ours, 2), NA,
                     _gap(ours, row["trace"], 2),
                     f"the study's T = {implied} (four lagged differences), ours {test.nobs}; {why_data}"))
    rank = record.get("rank_trace")
    rows.append(("Table 3: rank (trace test, 5 %)", str(STUDY_RANK), NA if rank is None else str(rank),
                 NA if truth is None else str(truth["rank"]),
                 NA if rank is None else ("agree" if rank == STUDY_RANK else f"{rank - STUDY_RANK:+d}"), why_data))

    for n, (var, value) in enumerate((("LEXS1", -1.37), ("LEXS2", -0.86)), 1):
        cell = record.get("ect", {}).get(var, {}).get(var)
        ours = None if cell is None else cell["alpha"]
        shown = NA if cell is None else f"{cell['alpha']:.3f} (s.e. {cell['se']:.3f})"
        rows.append((f"ECT{n} loading in Δ{var} (4.3.2)", f"{value:.2f}", shown,
                     NA if truth is None else _num(truth["ect"][var]), _gap(ours, value),
                     why_data if cell is not None else f"no relation normalised on {var} in this run"))

    for var, sign in (("LEXS1", "negative"), ("LEXS2", "positive")):
        value = record.get("impact", {}).get(var, {}).get("LFDI") if {var, "LFDI"} <= set(names) else None
        ours = NA if value is None else f"{value:+.4f}"
        expected = -1 if sign == "negative" else 1
        gap = NA if value is None else ("same sign" if np.sign(value) == expected else "opposite sign")
        rows.append((f"Impact response of {var} to an FDI shock (4.5)", sign, ours,
                     NA if truth is None else f"{truth['impact'][var]:+.4f}", gap,
                     "the study prints no number (its Fig. 2 is lost)" if value is not None
                     else "this run lacks the variable"))

    horizon = record.get("horizon")
    for var in ("LEXS1", "LEXS2"):
        theirs = float(paper.fevd_frame(var).loc[STUDY_PERIOD, "LFDI"])
        value = record.get("fevd_last", {}).get(var, {}).get("LFDI") if {var, "LFDI"} <= set(names) else None
        ours = None if horizon != STUDY_PERIOD else value
        why = why_data if value is not None else "this run lacks the variable"
        if value is not None and horizon != STUDY_PERIOD:
            why = f"this run's last period is {horizon}, not {STUDY_PERIOD} (--horizon)"
        rows.append((f"FDI's share of {var} at period {STUDY_PERIOD} (%)", _num(theirs, 1), _num(ours, 1),
                     NA if truth is None or horizon != STUDY_PERIOD else _num(truth["share"][var], 1),
                     _gap(ours, theirs, 1), why))
    return pd.DataFrame(rows, columns=["quantity", "study", "ours", "stand-in truth", "ours vs study", "reason"]
                        ).set_index("quantity")
