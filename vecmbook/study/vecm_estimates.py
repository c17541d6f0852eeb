"""The paper's VECM estimates beside ours: the error-correction loadings (ECT1, ECT2), the
equations for LEXS1 and LEXS2, the FDI lag terms the paper interprets, and the stand-in's truth.

The paper's values come from :mod:`vecmbook.study.paper` (one transcription); ours from the live
run. Differences are ours − paper; on the stand-in data they measure the stand-in, not an error.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vecmbook.econometrics import inference
from vecmbook.econometrics.vecm import VECMFit
from vecmbook.study import paper

PAPER_ECT_VARIABLE = {"ECT1": "LEXS1", "ECT2": "LEXS2"}
#: the equations the study interprets (section 4.3.2)
INTERPRETED = ("LEXS1", "LEXS2")


def error_correction_items() -> list[dict]:
    """The coefficients the study quotes from its error-correction estimates (sections 4.3.2, 5.1.1)."""
    return paper.load_paper_reported()["error_correction"]["items"]


def _paper_term(item: dict, fit: VECMFit, names: Sequence[str]) -> tuple[str | None, str]:
    """Our short-run label (:func:`inference.short_run_labels`) for a quoted coefficient, and why not.

    ECT_j maps to our CointEq normalised on the same variable; "D(LFDI(-1))" to itself. Anything
    else (the conclusion's "LFDI lagged one period") is not matched: the paper does not say where
    it comes from.
    """
    names = list(names)
    eq, reg = item["equation"], item["regressor"]
    if eq.endswith("?"):
        return None, ("not matched: the paper does not say which table or equation this number comes "
                      "from (candidate readings are shown separately)")
    var = eq[2:-1]  # "D(LEXS1)" -> "LEXS1"
    if var not in names:
        return None, f"no counterpart: {var} is not among this run's variables"
    if reg in PAPER_ECT_VARIABLE:
        ce = PAPER_ECT_VARIABLE[reg]
        if ce not in names:
            return None, (f"no counterpart: {ce} (on which the study's {reg} is normalised) is not among "
                          "the variables")
        if names.index(ce) >= fit.rank:
            return None, f"no counterpart: with rank {fit.rank} no cointegrating equation is normalised on {ce}"
        return f"CointEq{names.index(ce) + 1}", f"{reg} = our CointEq{names.index(ce) + 1} (normalised on {ce})"
    if reg == "D(LFDI(-1))":
        if "LFDI" not in names:
            return None, "no counterpart: LFDI is not among the variables"
        if fit.lags < 1:
            return None, "no counterpart: the model has no lagged differences (--lags 0)"
        return reg, f"our {reg} coefficient"
    return None, f"not matched: regressor {reg!r} has no counterpart label"


def coefficient_table(fit: VECMFit, names: Sequence[str], dof_adjust: bool = True) -> pd.DataFrame:
    """Every coefficient of the fit, one row each (:func:`inference.coefficient_records`)."""
    return pd.DataFrame(inference.coefficient_records(fit, names, dof_adjust))


def ect_side_by_side(fit: VECMFit, names: Sequence[str]) -> pd.DataFrame:
    """Every error-correction number the study quotes, ours (with s.e.) beside it.

    No quoted number is dropped: one without a counterpart in this run (variable absent, rank
    too small, or, like section 5.1.1's "-0.0820", of unstated origin) keeps its row with
    ``ours`` = NaN and a ``note`` saying why.
    """
    table = coefficient_table(fit, names).set_index(["block", "equation", "term"])
    rows = []
    for item in error_correction_items():
        term, note = _paper_term(item, fit, names)
        value = err = np.nan
        if term is not None:
            value, err = table.loc[("Error Correction", item["equation"], term), ["coefficient", "std_error"]]
        paper_value = item["value"]
        rows.append({"key": _item_key(item), "equation": item["equation"], "regressor": item["regressor"],
                     "ours": value, "s.e.": err, "paper": item["as_printed"], "section": item["section"],
                     "ours − paper": np.nan if paper_value is None else value - paper_value, "note": note})
    columns = ["key", "equation", "regressor", "ours", "s.e.", "paper", "section", "ours − paper", "note"]
    return pd.DataFrame(rows, columns=columns)


def _item_key(item: dict) -> str:
    """Stable key of a quoted item: ect1, ect2, dlfdi_lexs1, dlfdi_lexs2, section_511."""
    reg = item["regressor"]
    if reg.startswith("ECT"):
        return reg.lower()
    if reg == "D(LFDI(-1))":
        return "dlfdi_" + item["equation"][2:-1].lower()
    return "section_" + item["section"].replace(".", "")


def equation_table(fit: VECMFit, names: Sequence[str], var: str) -> pd.DataFrame:
    """All coefficients of the ΔVAR equation with s.e., t and the study's quoted values beside."""
    names = list(names)
    table = coefficient_table(fit, names)
    eq = f"D({var})"
    out = table[(table["block"] == "Error Correction") & (table["equation"] == eq)]
    out = out.set_index("term")[["coefficient", "std_error", "t_stat"]].rename(
        columns={"coefficient": "ours", "std_error": "s.e.", "t_stat": "t"})
    meaning = {t: (f"ECT{t[7:]}: cointegrating equation normalised on {names[int(t[7:]) - 1]}"
                   if t.startswith("CointEq") else "constant" if t == "C" else "trend" if t == "@TREND"
                   else "lagged difference") for t in out.index}
    out.insert(0, "term", [meaning[t] for t in out.index])
    out["paper"] = ""
    out["ours − paper"] = np.nan
    for item in error_correction_items():
        term, _ = _paper_term(item, fit, names)
        if item["equation"] == eq and term is not None:
            out.loc[term, "paper"] = f"{item['as_printed']} ({item['regressor']})"
            if item["value"] is not None:
                out.loc[term, "ours − paper"] = out.loc[term, "ours"] - item["value"]
    return out.rename_axis("regressor")


#: readings of section 5.1.1's figure: key -> (where it is in our output, what it means)
_CANDIDATES = {
    "gamma": ("Error Correction table, D(LEXS1) equation, row D(LFDI(-1))",
              "short-run coefficient of ΔLFDI(t−1) in ΔLEXS1 — the one section 4.3.2 calls 'close to "
              "zero'; 'long-term' does not describe it"),
    "pi": ("α × β′, entry (LEXS1, LFDI)",
           "coefficient of the level LFDI(t−1) in ΔLEXS1 once the error-correction terms are multiplied "
           "out (long-run, acting only through the ECTs); no standard error computed"),
    "beta": ("Cointegrating Eq table, LFDI(-1) in the equation normalised on LEXS1",
             "direct long-run coefficient; 0 by the normalisation when LFDI is one of the first r "
             "variables (the zero the study reports in section 4.3.1)"),
    "ratio": ("β[LGDP, CE of LEXS1] / β[LGDP, CE of LFDI]",
              "equilibrium co-movement of LEXS1 with LFDI through LGDP (LEXS1 and LFDI each tied to "
              "LGDP); no standard error computed"),
}


def fdi_lag_candidates(fit: VECMFit, names: Sequence[str], truth: VECMFit | None = None,
                       truth_names: Sequence[str] | None = None) -> pd.DataFrame:
    """Coefficients of ours that section 5.1.1's "-0.0820" *could* be; none is claimed to be it.

    "the long-term indirect impact coefficient of FDI lagged by one period on LEXS1": the paper
    names no table. Readings (rows present only where defined for this run): Γ₁[LEXS1, LFDI];
    Π[LEXS1, LFDI] with Π = αβ′ (Lütkepohl 2005, eq. 6.3.5: the level LFDI_{t−1} enters ΔLEXS1_t
    only through the error-correction terms); β[LFDI, CE of LEXS1]; and the equilibrium ratio
    β[LGDP, CE of LEXS1] / β[LGDP, CE of LFDI] when LGDP is the only free variable.
    """
    ours = _candidate_values(fit, names)
    se = inference.standard_errors(fit)
    theirs = _candidate_values(truth, truth_names) if truth is not None else {}
    rows = []
    for key, (where, reading) in _CANDIDATES.items():
        if key not in ours:
            continue
        value, index = ours[key]
        err = (se.gamma_se[index] if key == "gamma" else se.beta_se[index] if key == "beta" else np.nan)
        row = {"reading": reading, "where in our output": where, "ours": value, "s.e.": err}
        if truth is not None:
            row["truth"] = theirs.get(key, (np.nan, None))[0]
        rows.append(row)
    return pd.DataFrame(rows)


def _candidate_values(model: VECMFit, names: Sequence[str]) -> dict[str, tuple[float, tuple]]:
    """{reading: (value, index into the matching array)} for the readings defined for ``model``."""
    names = list(names)
    if not {"LEXS1", "LFDI"} <= set(names):
        return {}
    i, j, r = names.index("LEXS1"), names.index("LFDI"), model.rank
    out: dict[str, tuple[float, tuple]] = {}
    if model.lags >= 1:
        out["gamma"] = (float(model.gamma[i, j]), (i, j))
    if r:
        out["pi"] = (float(model.pi[i, j]), (i, j))
    if i < r:
        out["beta"] = (float(model.beta[j, i]), (j, i))
        if j < r and names[r:] == ["LGDP"]:
            g = names.index("LGDP")
            out["ratio"] = (float(model.beta[g, i] / model.beta[g, j]), (g, i))
    return out


def truth_side_by_side(fit: VECMFit, truth: VECMFit, names: Sequence[str]) -> pd.DataFrame:
    """Estimated α and free β entries beside the true values of the model that generated the data."""
    k, r = fit.k, min(fit.rank, truth.rank)
    rows = []
    for j in range(r):
        for i in range(k):
            rows.append((f"alpha[{names[i]}, CE{j + 1}]", fit.alpha[i, j], truth.alpha[i, j]))
        for i in range(r, k):
            rows.append((f"beta[{names[i]}, CE{j + 1}]", fit.beta[i, j], truth.beta[i, j]))
    out = pd.DataFrame(rows, columns=["coefficient", "estimate", "truth"]).set_index("coefficient")
    out["estimate − truth"] = out["estimate"] - out["truth"]
    return out
