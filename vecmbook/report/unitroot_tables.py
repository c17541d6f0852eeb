"""Chapter 2's tables and sentences: the four unit-root tests, the orders of integration they imply,
EViews' lag-order table, and whether the tests got the stand-in's known truth right."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from IPython.display import Markdown

from vecmbook.econometrics import lagorder
from vecmbook.econometrics.exog import Exog
from vecmbook.econometrics.unitroot import INTEGRATION_RULE, TESTS, TRENDS, UnitRootResult, by_label, integration_orders
from vecmbook.inputs import dataset as loader
from vecmbook.report import tables
from vecmbook.study import standin
from vecmbook.study.unit_roots import notes

ZA_ONLY = "only the Zivot–Andrews test estimates a break"
NO_LR = "no LR test at lag 0 (it compares each lag order with the one below)"


def unit_root_table(results: list[UnitRootResult], source: str) -> tables.Table:
    """All four tests, one row per series and test: terms, statistic, p-value, lags or bandwidth,
    5 % critical value, verdict, whether the p-value and critical-value verdicts agree (see
    :attr:`UnitRootResult.verdict_cv`) and the ZA break; a test the sample cannot support keeps
    its row, empty, with the reason."""
    rows, reasons = {}, {}
    for label, tests in by_label(results).items():
        terms = TRENDS[next(iter(tests.values())).trend]
        for name in TESTS:
            r = tests.get(name)
            if r is None:
                rows[(label, name)] = {"terms": terms}
                reasons[(label, name)] = dict.fromkeys(["statistic", "p-value", "lags", "5 % cv", "verdict",
                                                        "p and cv agree", "break"], tables.NOT_COMPUTABLE)
                continue
            rows[(label, name)] = {"terms": terms, "statistic": r.stat, "p-value": r.pvalue, "lags": r.lags,
                                   "5 % cv": r.crit["5%"], "verdict": r.verdict,
                                   "p and cv agree": r.verdict == r.verdict_cv,
                                   "break": r.break_period if name == "ZA" else None}
            reasons[(label, name)] = {} if name == "ZA" else {"break": ZA_ONLY}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.names = ["series", "test"]
    why = pd.DataFrame.from_dict(reasons, orient="index").reindex(index=frame.index, columns=frame.columns)
    info = notes(results)
    return tables.table(frame, digits={"statistic": 2, "p-value": 3, "5 % cv": 2}, missing=why, source=source,
                        notes=[f"Deterministic terms — {info['deterministic terms']}.", f"Lags — {info['lags']}.",
                               info["verdict rule"], *([info["not computable"]] if "not computable" in info else [])])


def integration_order(results: list[UnitRootResult], source: str, rule: str = "either") -> tables.Table:
    """Order of integration per variable by each test and combined (:func:`integration_orders`)."""
    frame = pd.DataFrame.from_dict(integration_orders(results, rule), orient="index").rename_axis("series")
    return tables.table(frame, source=source, notes=[INTEGRATION_RULE.format(rule=rule)])


def lag_order_table(y: pd.DataFrame, source: str, pmax: int | None = None, trend: str = "c",
                    exog: Exog | None = None) -> tuple[tables.Table, dict[str, int]]:
    """EViews' table: rows Lag 0..pmax; columns LogL, LR, FPE, AIC, SC, HQ with each criterion's
    selected lag marked "*" (LR unmarked when no test rejects); plus the selections
    {criterion: p_levels}. ``trend``: "c" or "ct" (:func:`lagorder.trend_for_case`)."""
    if not isinstance(y, pd.DataFrame):
        raise ValueError("y must be a pandas DataFrame of the model variables in levels")
    sel = lagorder.lag_order_criteria(y.to_numpy(dtype=float), pmax, trend, exog=exog)
    fmt = {"LR": "{:.6f}", "FPE": "{:.3e}", "AIC": "{:.6f}", "SC": "{:.6f}", "HQ": "{:.6f}"}
    frame = pd.DataFrame({"LogL": [f"{v:.6f}" for v in sel.logl]}, index=pd.Index(range(sel.pmax + 1), name="Lag"))
    for c in lagorder.CRITERIA:
        cells = [np.nan if np.isnan(v) else fmt[c].format(v) for v in sel.criteria[c]]
        if not (c == "LR" and sel.selected[c] == 0):
            cells[sel.selected[c]] += "*"
        frame[c] = cells
    terms = " ".join(["C"] + (["@TREND"] if trend == "ct" else []) + (list(exog.labels) if exog is not None else []))
    notes = ["* lag order selected by the criterion. LR: sequential modified LR test (each at the 5 % level); "
             "FPE: final prediction error; AIC, SC, HQ: Akaike, Schwarz and Hannan–Quinn criteria.",
             f"Endogenous variables: {' '.join(map(str, y.columns))}. Exogenous variables: {terms}. "
             f"Included observations: {sel.nobs}."]
    return tables.table(frame, missing=NO_LR, source=source, notes=notes), dict(sel.selected)


def paper_gap_sentence(gaps: pd.DataFrame, method_gap: float, kind: str) -> str:
    """How far our ADF and PP statistics and p-values are from the study's Table 2
    (``gaps``: :func:`vecmbook.study.unit_roots.paper_differences`), against the ``method_gap``
    the p-value method alone makes, and where the rest comes from on data of this ``kind``."""
    if gaps.empty:
        return "These variables are not the paper's, so no statistic can be set beside a printed one."
    stat_gap = float((gaps["stat"] - gaps["paper stat"]).abs().max())
    p_gap = float((gaps["pvalue"] - gaps["paper p"]).abs().max())
    where = ("on the stand-in data the gap is mainly the data — these series are simulated, not Dongguan's."
             if kind == loader.STANDIN else
             "the rest comes from the data themselves (vintage, sample) and the lag lengths, which the paper "
             "does not state.")
    return (f"With the same deterministic terms our ADF and PP statistics differ from the printed ones by up to "
            f"{stat_gap:.2f} and our p-values by up to {p_gap:.2f}, against at most {method_gap:.3f} from the "
            f"p-value method: {where}")


def power_and_truth(results: Sequence[UnitRootResult], kind: str, names: Sequence[str], nobs: int,
                    source: str) -> list[object]:
    """What the level tests say about power on ``nobs`` observations, then whether the verdicts got
    the stand-in's known truth right (:func:`truth_check_sentence`), with the contradicting verdicts
    as a table when there are any."""
    rejects = list(dict.fromkeys(r.label for r in results if r.form == "level" and r.test in ("ADF", "PP")
                                 and r.verdict == "stationary"))
    if rejects:
        power = (f"ADF or PP rejects a unit root in the level of {', '.join(rejects)} on this run, against I(1) for "
                 f"{'that series' if len(rejects) == 1 else 'those series'}; the later chapters still fit a VECM, "
                 "which treats every series as I(1).")
    else:
        power = ("No ADF or PP test rejects a unit root in a level on this run. With samples as short as this one "
                 f"({nobs} observations) unit-root tests have little power against persistent but stationary "
                 "alternatives, so not rejecting is weak evidence for a unit root; that is why the KPSS and "
                 "Zivot–Andrews columns matter.")
    check = standin.unit_root_truth(results, kind, names)
    shown: list[object] = [Markdown(power + "\n\n" + truth_check_sentence(check, nobs, kind))]
    if check is not None and check["contradicts the truth"].any():
        shown.append(tables.table(check[check["contradicts the truth"]].set_index(["series", "test"]),
                                  source=f"{source} Truth: data/standin_truth.json."))
    return shown


def truth_check_sentence(table: pd.DataFrame | None, nobs: int, kind: str = "user") -> str:
    """Markdown saying whether this run's unit-root tests (on ``nobs`` observations) got the known truth
    right; ``table`` is :func:`vecmbook.study.standin.unit_root_truth` (None without a truth to check)."""
    if table is None and kind == loader.STANDIN:
        return ("The stand-in's true model is defined for the logged variables "
                f"{', '.join(standin.truth_record()['variables'])}; this run tests other variables, so its verdicts "
                "are not checked against it.")
    if table is None:
        return ("There is no known truth behind these data, so the verdicts cannot be checked against one; "
                "on the stand-in's own variables the book checks them against its true model.")
    wrong = table[table["contradicts the truth"]]
    n = len(table)
    if wrong.empty:
        return (f"**Checked against the known truth:** all {n} verdicts agree with the stand-in's true model, "
                "in which every series is I(1). On the shipped stand-in this is partly by construction: the "
                "draw was selected so that ADF and PP find every level non-stationary and every difference "
                "stationary.")
    items = "; ".join(f"{r['test']} on {r['series']} says *{r['verdict']}* (p = {r['p-value']:.3f})"
                      for _, r in wrong.iterrows())
    return (f"**The tests got a known truth wrong on this run.** In the stand-in's true model every series "
            f"is I(1) (a unit root in each level, stationary differences), yet {len(wrong)} of the {n} "
            f"verdicts contradict it: {items}. These are errors of the tests on {nobs} observations, not "
            "findings about the data-generating process.")
