"""The paper's Table 2 (ADF and PP unit-root tests) beside ours: the published table in our
layout with the verdicts that contradict their own p-values, the deterministic terms its
p-values imply, and our statistics matched row by row (Section 4.1 of the study).
"""
from __future__ import annotations

import pandas as pd
from arch.unitroot.unitroot import mackinnonp

from vecmbook.econometrics.unitroot import FORMS, TRENDS, VERDICT_RULE, UnitRootResult, by_label
from vecmbook.study import paper


def stat_p(r: UnitRootResult) -> str:
    """A statistic with its p-value in brackets, as the study's Table 2 prints it: "-2.37 (0.38)"."""
    return f"{r.stat:.2f} ({r.pvalue:.2f})"


def notes(results: list[UnitRootResult]) -> dict[str, str]:
    """What the tables do not show: deterministic terms, lag rules and the verdict rule."""
    det = {form: TRENDS[r.trend] for r in results for form in FORMS if r.form == form}
    rules = {}
    for r in results:
        rules.setdefault(f"{r.test} ({r.form})", r.lag_rule)
    out = {
        "deterministic terms": "; ".join(f"{'levels' if f == 'level' else 'differences'}: {t}"
                                         for f, t in det.items()),
        "lags": "; ".join(f"{k}: {v}" for k, v in rules.items()),
        "verdict rule": VERDICT_RULE.format(alpha=results[0].alpha) if results else "",
    }
    missing = [label for label, tests in by_label(results).items() if "ZA" not in tests]
    if missing:
        out["not computable"] = (f"ZA for {', '.join(missing)}: too few observations for its lags "
                                 f"within each trimmed regime (arch raises InfeasibleTestException)")
    return out


def paper_table2() -> pd.DataFrame:
    """The study's Table 2 as published (from :mod:`vecmbook.study.paper`) in the same layout,
    with the tests whose printed verdict contradicts their own p-value at the 5 % rule
    (e.g. LEXS1: PP p = 0.00 printed as non-stationary)."""
    rows: dict[str, dict[str, str]] = {}
    contradictions: dict[str, list[str]] = {}
    for rec in paper.unit_root_frame().itertuples():
        label = rec.variable if rec.form == "level" else f"D({rec.variable})"
        row = rows.setdefault(label, {})
        row[f"{rec.test} stat (p)"] = f"{rec.stat:.2f} ({rec.pvalue:.2f})"
        row[f"{rec.test} verdict"] = rec.result
        if (rec.pvalue < 0.05) != (rec.result.lower() == "stationary"):
            contradictions.setdefault(label, []).append(rec.test)
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["verdict contradicts p"] = [", ".join(contradictions.get(lab, [])) or "none" for lab in table.index]
    return table


#: half a unit in the last printed digit of the study's p-values (two decimals)
PRINT_PRECISION = 0.005


def paper_terms_check() -> pd.DataFrame:
    """Which deterministic terms the study's Table 2 p-values imply.

    For every printed ADF / PP statistic (both are Dickey–Fuller t-type, so one null
    distribution), the MacKinnon (1994) asymptotic p-value — the one arch reports for our
    tests — with a constant ("p (constant)") and with a constant and trend
    ("p (constant + trend)"), beside the printed p-value. "closer" names the terms whose
    p-value is nearer the printed one, or "either" when the two distances differ by less
    than ``PRINT_PRECISION`` (the statistic cannot tell them apart at two decimals).
    """
    rows = []
    for rec in paper.unit_root_frame().itertuples():
        p_c, p_ct = mackinnonp(rec.stat, "c"), mackinnonp(rec.stat, "ct")
        d_c, d_ct = abs(p_c - rec.pvalue), abs(p_ct - rec.pvalue)
        closer = "either" if abs(d_c - d_ct) < PRINT_PRECISION else \
            TRENDS["c"] if d_c < d_ct else TRENDS["ct"]
        rows.append({"row": rec.variable if rec.form == "level" else f"D({rec.variable})",
                     "form": rec.form, "test": rec.test, "stat": rec.stat,
                     "printed p": rec.pvalue, "p (constant)": p_c,
                     "p (constant + trend)": p_ct, "closer": closer})
    return pd.DataFrame(rows)


def paper_differences(results: list[UnitRootResult]) -> pd.DataFrame:
    """Our ADF / PP statistics and p-values beside the study's, numerically, for the rows
    present in both (matched on variable, form and test): columns row, test, stat,
    "paper stat", pvalue, "paper p", trend."""
    printed = {(rec.variable, rec.form, rec.test): rec for rec in paper.unit_root_frame().itertuples()}
    rows = []
    for r in results:
        rec = printed.get((r.variable, r.form, r.test))
        if rec is not None:
            rows.append({"row": r.label, "test": r.test, "stat": r.stat, "paper stat": rec.stat,
                         "pvalue": r.pvalue, "paper p": rec.pvalue, "trend": r.trend})
    return pd.DataFrame(rows, columns=["row", "test", "stat", "paper stat", "pvalue",
                                       "paper p", "trend"])


def table2(results: list[UnitRootResult], with_paper: bool = False) -> pd.DataFrame:
    """The study's Table 2: rows levels then D(·); "ADF stat (p)", "ADF verdict",
    "PP stat (p)", "PP verdict". ``with_paper`` adds the published statistics beside ours
    (matched by row label, blank where the paper has no such row)."""
    rows = {}
    for label, tests in by_label(results).items():
        row = {}
        for name in ("ADF", "PP"):
            if name in tests:
                row[f"{name} stat (p)"] = stat_p(tests[name])
                row[f"{name} verdict"] = tests[name].verdict
        rows[label] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    if with_paper:
        published = paper_table2()
        for col in ("ADF stat (p)", "PP stat (p)"):
            table[f"paper {col}"] = published[col].reindex(table.index).fillna("")
    table.attrs.update(notes(results))
    return table
