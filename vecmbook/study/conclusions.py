"""The conclusions chapter's "paper vs ours at a glance": every headline number of the study beside
this run's and, on the stand-in, the value of the model that generated the data.

Rows: Table 2's ADF / PP verdicts, Table 3's trace statistics and rank, the loadings ECT1 and ECT2
(section 4.3.2), the signs of the FDI impact responses (section 4.5) and FDI's period-10 variance
shares (Tables 4–5). Each row has the gap (ours against the paper) and the reason for it. Cells are
text, None where a value does not exist; :class:`Glance` keeps beside them why each is missing
(the paper prints no number, the data have no known truth, the run lacks the variable), which the
report layer turns into the table's footnotes.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vecmbook.econometrics import fevd, irf
from vecmbook.econometrics.ranktest import JohansenTest
from vecmbook.econometrics.unitroot import UnitRootResult, by_label
from vecmbook.inputs.dataset import STANDIN
from vecmbook.study import cointegration, paper, standin
from vecmbook.study.claims import STUDY_PERIOD, STUDY_RANK

#: why a cell of the glance table is empty
NOT_PRINTED = "the study prints no such number"
NO_TRUTH = "no known truth: user data, or other variables than the stand-in's true model"
NO_STATISTIC = "the stand-in's truth is a model, not a sample: it has no test statistic"
NOT_IN_RUN = "this run lacks the variable or relation"
NO_RANK = "no critical values for this specification, so no rank"
OTHER_PERIOD = f"this run's last period is not the study's period {STUDY_PERIOD} (--horizon)"
NO_GAP = "no gap without both values"
COLUMNS = ["study", "ours", "stand-in truth", "ours vs study", "reason"]
#: how this book words a unit-root verdict in the study's terms
WORDS = {"unit root": "non-stationary", "stationary": "stationary"}


@dataclass(frozen=True)
class Glance:
    """The glance table: ``values`` one row per headline number (text, None where no value exists),
    ``missing`` the reason of each None (shaped like ``values``, None elsewhere)."""

    values: pd.DataFrame
    missing: pd.DataFrame


Cell = tuple[str | None, str | None]  # (text, why it is missing)


def _given(text: str | None, why: str) -> Cell:
    return (text, None) if text is not None else (None, why)


def _num(x: float | None, why: str, digits: int = 3) -> Cell:
    return (None, why) if x is None or not np.isfinite(x) else (f"{x:.{digits}f}", None)


def _gap(ours: float | None, theirs: float | None, digits: int = 3) -> Cell:
    if ours is None or theirs is None or not np.isfinite(ours):
        return None, NO_GAP
    return f"{ours - theirs:+.{digits}f}", None


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
                 truth: Mapping | None, kind: str) -> Glance:
    """Paper, ours, the stand-in's truth (``truth`` from :func:`truth_values`, None without one), the
    gap and its reason, one row per headline number. ``record`` is the run's own record
    (:func:`vecmbook.pipeline.grid.run_record`); ``kind`` the dataset's
    (:data:`~vecmbook.inputs.dataset.STANDIN` or another)."""
    names = list(record.get("ordering", []))
    standin_data = kind == STANDIN
    why_data = (f"stand-in draw chosen to resemble the study; sampling error at T = {record.get('nobs')}"
                if standin_data else "your data, not the study's: a gap is a finding about your data")
    no_truth: Cell = (None, NO_TRUTH)
    rows: dict[str, tuple[Cell, ...]] = {}

    printed = {}
    for rec in paper.unit_root_frame().itertuples():
        label = rec.variable if rec.form == "level" else f"D({rec.variable})"
        printed.setdefault(label, {})[rec.test] = (rec.result.lower(), rec.pvalue)
    for label, tests in by_label([r for r in unit_roots if r.test in ("ADF", "PP")]).items():
        ours = " / ".join(WORDS[tests[t].verdict] for t in ("ADF", "PP") if t in tests)
        theirs = printed.get(label)
        study = None if theirs is None else " / ".join(theirs[t][0] for t in ("ADF", "PP"))
        truth_says = no_truth if truth is None else (" / ".join(["stationary" if label.startswith("D(")
                                                                 else "non-stationary"] * 2), None)
        if theirs is None:
            gap, why = (None, NO_GAP), "the study has no such row"
        elif ours == study:
            gap = ("agree", None)
            why = "by construction: the stand-in draw was selected for them" if standin_data else "same verdicts"
        else:
            gap = ("differ", None)
            self_contradiction = [t for t in ("ADF", "PP") if (theirs[t][1] < 0.05) != (theirs[t][0] == "stationary")]
            why = (f"the study's own {', '.join(self_contradiction)} verdict contradicts its p-value; "
                   if self_contradiction else "") + (
                "the stand-in draw was selected for stationary differences"
                if standin_data else f"tests on {tests['ADF'].nobs} observations have low power")
        rows[f"Table 2: {label}, ADF / PP"] = (_given(study, NOT_PRINTED), (ours, None), truth_says, gap, (why, None))

    table3 = paper.load_paper_reported()["table3_johansen"]["rows"]
    implied = cointegration.implied_nobs()["T"]
    for r, row in enumerate(table3):
        ours = float(test.trace[r]) if r < test.k else None
        rows[f"Table 3: trace statistic, rank ≤ {r}"] = (
            _num(row["trace"], NOT_PRINTED, 2), _num(ours, NOT_IN_RUN, 2),
            no_truth if truth is None else (None, NO_STATISTIC), _gap(ours, row["trace"], 2),
            (f"the study's T = {implied} (four lagged differences), ours {test.nobs}; {why_data}", None))
    rank = record.get("rank_trace")
    rows["Table 3: rank (trace test, 5 %)"] = (
        (str(STUDY_RANK), None), _given(None if rank is None else str(rank), NO_RANK),
        no_truth if truth is None else (str(truth["rank"]), None),
        (None, NO_GAP) if rank is None else ("agree" if rank == STUDY_RANK else f"{rank - STUDY_RANK:+d}", None),
        (why_data, None))

    for n, (var, value) in enumerate((("LEXS1", -1.37), ("LEXS2", -0.86)), 1):
        cell = record.get("ect", {}).get(var, {}).get(var)
        ours = None if cell is None else cell["alpha"]
        shown = None if cell is None else f"{cell['alpha']:.3f} (s.e. {cell['se']:.3f})"
        rows[f"ECT{n} loading in Δ{var} (4.3.2)"] = (
            (f"{value:.2f}", None), _given(shown, NOT_IN_RUN),
            no_truth if truth is None else _num(truth["ect"][var], NO_TRUTH), _gap(ours, value),
            (why_data if cell is not None else f"no relation normalised on {var} in this run", None))

    for var, sign in (("LEXS1", "negative"), ("LEXS2", "positive")):
        value = record.get("impact", {}).get(var, {}).get("LFDI") if {var, "LFDI"} <= set(names) else None
        expected = -1 if sign == "negative" else 1
        same = value is not None and np.sign(value) == expected
        gap = (None, NO_GAP) if value is None else ("same sign" if same else "opposite sign", None)
        rows[f"Impact response of {var} to an FDI shock (4.5)"] = (
            (sign, None), _given(None if value is None else f"{value:+.4f}", NOT_IN_RUN),
            no_truth if truth is None else (f"{truth['impact'][var]:+.4f}", None), gap,
            ("the study prints no number (its Fig. 2 is lost)" if value is not None
             else "this run lacks the variable", None))

    horizon = record.get("horizon")
    for var in ("LEXS1", "LEXS2"):
        theirs = float(paper.fevd_frame(var).loc[STUDY_PERIOD, "LFDI"])
        value = record.get("fevd_last", {}).get(var, {}).get("LFDI") if {var, "LFDI"} <= set(names) else None
        ours = None if horizon != STUDY_PERIOD else value
        why = why_data if value is not None else "this run lacks the variable"
        if value is not None and horizon != STUDY_PERIOD:
            why = f"this run's last period is {horizon}, not {STUDY_PERIOD} (--horizon)"
        rows[f"FDI's share of {var} at period {STUDY_PERIOD} (%)"] = (
            _num(theirs, NOT_PRINTED, 1), _num(ours, NOT_IN_RUN if value is None else OTHER_PERIOD, 1),
            no_truth if truth is None else (None, OTHER_PERIOD) if horizon != STUDY_PERIOD
            else _num(truth["share"][var], NO_TRUTH, 1),
            _gap(ours, theirs, 1), (why, None))

    index = pd.Index(list(rows), name="quantity")
    values = pd.DataFrame([[c[0] for c in r] for r in rows.values()], index=index, columns=COLUMNS, dtype=object)
    missing = pd.DataFrame([[c[1] for c in r] for r in rows.values()], index=index, columns=COLUMNS, dtype=object)
    return Glance(values, missing)
