"""Our numbers beside the paper's: side-by-side tables and the figures the prose quotes.

The paper's values come from :mod:`vecmbook.paper` (one transcription); ours from the
live run. Differences are reported as ours − paper, so a reader sees how far apart
the two are; on the stand-in data they measure the stand-in, not an error.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import fevd, inference, paper, ranktest
from .bootstrap import BootResult
from .johansen import CASES
from .vecm import VECMFit

if TYPE_CHECKING:  # a type only: exog.py imports the data layer
    from .exog import Exog


def table3_side_by_side(test: ranktest.JohansenTest) -> pd.DataFrame:
    """Eigenvalues, trace statistics and p-values: ours, the paper's Table 3, and ours − paper."""
    ours = ranktest.trace_table(test)[["Hypothesized No. of CE(s)", "Eigenvalue", "Trace Statistic",
                                       "0.05 Critical Value", "Prob."]]
    # rows are the null hypotheses; each side keeps its own label, whose "*" marks its own rejections
    rows = pd.Index(ours["Hypothesized No. of CE(s)"].str.rstrip(" *"), name="H0")
    theirs = paper.johansen_frame().reindex(range(len(ours)))
    out = pd.concat({"ours": ours.set_axis(rows), "paper": theirs.set_axis(rows)}, axis=1)
    for col in ["Eigenvalue", "Trace Statistic"]:
        out[("ours − paper", col)] = out[("ours", col)] - out[("paper", col)]
    return out


def implied_nobs() -> dict:
    """The effective sample T that reproduces the paper's trace statistics from its eigenvalues.

    trace_r = −T Σ_{i>r} log(1 − λ_i) (Johansen 1995, eq. 6.20), so each printed row gives
    T = trace_r / Σ_{i>r} −log(1 − λ_i); the rounded mean is returned with the largest
    relative error it leaves in the printed statistics.
    """
    rows = paper.load_paper_reported()["table3_johansen"]["rows"]
    lam = np.array([r["eigenvalue"] for r in rows])
    trace = np.array([r["trace"] for r in rows])
    tails = np.flip(np.cumsum(np.flip(-np.log1p(-lam))))
    per_row = trace / tails
    t = int(round(per_row.mean()))
    return {"T": t, "per_row": per_row, "max_rel_error": float(np.max(np.abs(t * tails - trace) / trace))}


def all_cases_table(y: np.ndarray, lags: int, exog: Exog | None = None) -> pd.DataFrame:
    """Trace statistics, asymptotic p-values and selected rank under each deterministic case
    (with the run's exogenous block ``exog``; p-values NaN, rank "n/a" where the tables do not apply)."""
    rows = {}
    for case in CASES:
        t = ranktest.johansen_test(y, lags, case, boot=0, progress=False, exog=exog)
        row = {}
        for r, (stat, p) in enumerate(zip(t.trace, t.trace_pvalue)):
            row[f"trace r≤{r}"] = stat
            row[f"p r≤{r}"] = p
        row["selected rank"] = "n/a" if t.rank is None else t.rank
        rows[f"{case}: {CASES[case]}"] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("case")


#: the study's ECT_j is the relation normalised on its j-th variable: section 4.3.1 speaks of
#: "the cointegration vectors for LEXS1 and LEXS2", section 4.3.2 reads ECT1 as LEXS1's deviation
PAPER_ECT_VARIABLE = {"ECT1": "LEXS1", "ECT2": "LEXS2"}
#: the equations the study interprets (section 4.3.2)
INTERPRETED = ("LEXS1", "LEXS2")


def _error_correction_items() -> list[dict]:
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


def ect_side_by_side(fit: VECMFit, names: Sequence[str]) -> pd.DataFrame:
    """Every error-correction number the study quotes, ours (with s.e.) beside it.

    No quoted number is dropped: one without a counterpart in this run (variable absent, rank
    too small, or, like section 5.1.1's "-0.0820", of unstated origin) keeps its row with
    ``ours`` = NaN and a ``note`` saying why.
    """
    table = inference.coefficient_table(fit, names).set_index(["block", "equation", "term"])
    rows = []
    for item in _error_correction_items():
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


def _tex_name(name: str) -> str:
    return r"\mathrm{" + name.replace("_", r"\_") + "}"


def _tex_term(term: str) -> str:
    """LaTeX for a short-run label: CointEqj, D(X(-i)), C, @TREND, and exogenous terms
    (@SEAS(q)-0.25, IMP(P), a --exog column) as text."""
    if term.startswith("CointEq"):
        return r"\mathrm{ECT}_{" + term[7:] + r",t-1}"
    if term == "C":
        return ""
    if term == "@TREND":
        return "t"
    if not (term.startswith("D(") and term.endswith("))")):
        return r"\text{" + term + "}_t"
    var, lag = term[2:-2].rsplit("(-", 1)  # "D(LFDI(-1))" -> "LFDI", "1"
    return r"\Delta " + _tex_name(var) + "_{t-" + lag + "}"


def _tex_coef(value: float, se: float, first: bool, digits: int) -> str:
    """``− \\underset{(s.e.)}{|b|}``: the sign outside, the standard error under the number."""
    sign = "-" if round(value, digits) < 0 else ("" if first else "+")
    number = f"{abs(value):.{digits}f}"
    body = rf"\underset{{({se:.{digits}f})}}{{{number}}}" if np.isfinite(se) else number
    return f"{sign} {body}".strip()


def equation_table(fit: VECMFit, names: Sequence[str], var: str) -> pd.DataFrame:
    """All coefficients of the ΔVAR equation with s.e., t and the study's quoted values beside."""
    names = list(names)
    table = inference.coefficient_table(fit, names)
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
    for item in _error_correction_items():
        term, _ = _paper_term(item, fit, names)
        if item["equation"] == eq and term is not None:
            out.loc[term, "paper"] = f"{item['as_printed']} ({item['regressor']})"
            if item["value"] is not None:
                out.loc[term, "ours − paper"] = out.loc[term, "ours"] - item["value"]
    return out.rename_axis("regressor")


def equation_latex(table: pd.DataFrame, var: str, digits: int = 3, per_line: int = 4) -> str:
    """The equation as a displayed LaTeX block, standard errors under the coefficients."""
    pieces = []
    for i, (term, row) in enumerate(table.iterrows()):
        x = _tex_term(term)
        pieces.append(_tex_coef(row["ours"], row["s.e."], i == 0, digits) + (f"\\,{x}" if x else ""))
    lines = [" ".join(pieces[i:i + per_line]) for i in range(0, len(pieces), per_line)] or ["0"]
    body = " \\\\\n&\\quad ".join(lines)
    return f"$$\n\\begin{{aligned}}\n\\Delta {_tex_name(var)}_t ={{}}& {body}\n\\end{{aligned}}\n$$"


def paper_equation_latex(var: str) -> str:
    """What the study's text gives of the same equation (section 4.3.2), the rest as ⋯."""
    terms = []
    for item in _error_correction_items():
        if item["equation"] != f"D({var})":
            continue
        reg = item["regressor"]
        x = (r"\mathrm{ECT}_{" + reg[3:] + r",t-1}" if reg.startswith("ECT")
             else _tex_term(reg) if reg.startswith("D(") else _tex_name(reg))
        if item["value"] is None:
            coef = r"(\text{" + item["as_printed"] + "})"
        else:
            coef = f"{item['value']:g}"
        terms.append(f"{coef}\\,{x}")
    body = " + ".join(terms).replace("+ -", "- ") if terms else ""
    return f"$$\n\\Delta {_tex_name(var)}_t = {body} + \\cdots\n$$"


def interpreted_equations(fit: VECMFit, names: Sequence[str], digits: int = 3) -> dict:
    """The ΔLEXS1 and ΔLEXS2 equations, ours in full beside what the study quotes.

    Returns ``{"markdown": {var: str}, "tables": {var: DataFrame | None}, "summary": str}``;
    a variable not in ``names`` gets a sentence saying so instead of an equation.
    """
    names = list(names)
    md, tables = {}, {}
    for var in INTERPRETED:
        if var not in names:
            md[var] = (f"**Δ{var}**: {var} is not among this run's variables ({', '.join(names)}), so the "
                       f"study's Δ{var} equation has no counterpart here.")
            tables[var] = None
            continue
        table = equation_table(fit, names, var)
        ects = [f"$\\mathrm{{ECT}}_{{{j + 1},t-1}}$ = CointEq{j + 1}, normalised on {names[j]}"
                for j in range(fit.rank)]
        md[var] = "\n\n".join([
            f"**Δ{var}, ours** (standard errors in parentheses under each coefficient; T = {fit.nobs}):",
            equation_latex(table, var, digits),
            ("where " + "; ".join(ects) + " (see the cointegrating equations above).") if ects else
            "There are no error-correction terms (rank 0).",
            f"**Δ{var}, the study**: section 4.3.2 quotes only these coefficients (the estimated "
            "equations themselves did not survive in the text we have; ⋯ stands for the rest):",
            paper_equation_latex(var),
        ])
        tables[var] = table
    return {"markdown": md, "tables": tables, "summary": _ect_summary(ect_side_by_side(fit, names))}


def _ect_summary(side: pd.DataFrame) -> str:
    """One sentence per quoted ECT loading: ours (s.e.) beside the study's, or why there is none."""
    parts = []
    for _, row in side[side["regressor"].str.startswith("ECT")].iterrows():
        head = f"The study's {row['regressor']} loading in Δ{row['equation'][2:-1]} is {row['paper']}"
        if np.isfinite(row["ours"]):
            parts.append(f"{head}; ours is {row['ours']:.3f} (s.e. {row['s.e.']:.3f}).")
        else:
            parts.append(f"{head}; {row['note']}.")
    return " ".join(parts)


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


def _missing_study_variables(names: Sequence[str], needed: Sequence[str]) -> str | None:
    """A sentence when the run lacks variables a headline of the study needs, else None."""
    absent = [n for n in needed if n not in names]
    if not absent:
        return None
    return (f"This run's variables ({', '.join(names)}) do not include {', '.join(absent)}, so this "
            f"headline of the study has no counterpart here.")


def fdi_response_summary(point: np.ndarray, lower: np.ndarray | None, upper: np.ndarray | None,
                         names: Sequence[str]) -> dict:
    """Responses of LEXS1/LEXS2 to an LFDI shock: impact, last horizon, horizons whose band excludes 0.

    Returns ``table`` (one row per response present) and ``text`` (a Markdown sentence
    with the same numbers, or why there are none on this run).
    """
    rows = {}
    h_last = point.shape[0] - 1
    parts = []
    for resp in [r for r in ("LEXS1", "LEXS2") if {r, "LFDI"} <= set(names)]:
        i, j = list(names).index(resp), list(names).index("LFDI")
        path = point[:, i, j]
        sig = None if lower is None else int(np.sum((lower[:, i, j] > 0) | (upper[:, i, j] < 0)))
        rows[f"{resp} to LFDI"] = {"impact (period 1)": path[0], f"period {h_last + 1}": path[-1],
                                  "largest |response|": path[np.argmax(np.abs(path))],
                                  "periods with band excluding 0": np.nan if sig is None else sig}
        band = ("" if sig is None else
                f"; its bootstrap band excludes zero in {sig} of the {h_last + 1} periods")
        parts.append(f"the response of {resp} to an FDI shock is {path[0]:.4f} on impact and "
                     f"{path[-1]:.4f} at period {h_last + 1}{band}")
    if not parts:
        text = _missing_study_variables(names, ["LFDI", "LEXS1", "LEXS2"])
    else:
        text = "On this run " + "; ".join(parts) + "."
        if lower is None:
            text += " No bootstrap bands were computed (`--boot 0`)."
    return {"table": pd.DataFrame.from_dict(rows, orient="index"), "text": text}


def paper_period1_shares() -> dict[str, dict[str, float]]:
    """Period-1 shares of Tables 4 and 5: {response: {impulse: share}}."""
    out = {}
    for resp in paper.FEVD_TABLES:
        row = paper.fevd_frame(resp).loc[1].drop("S.E.")
        out[resp] = {str(k): float(v) for k, v in row.items()}
    return out


def fevd_side_by_side(se: np.ndarray, shares: np.ndarray, names: Sequence[str]) -> dict:
    """Tables 4 and 5: ours and the paper's per period, with ours − paper for the FDI share and S.E.

    Keys ``LEXS1``/``LEXS2`` (empty frames when absent) and ``text``: a Markdown sentence on
    FDI's share at the last period, beside the paper's at the same period (its tables stop
    at period 10, so beyond that the paper's period 10 is quoted and named).
    """
    horizon = se.shape[0]
    out: dict = {}
    parts = []
    for resp in paper.FEVD_TABLES:
        if resp not in names:
            out[resp] = pd.DataFrame()
            continue
        i = list(names).index(resp)
        ours = pd.DataFrame(shares[:, i, :], columns=list(names), index=range(1, horizon + 1))
        ours.insert(0, "S.E.", se[:, i])
        ours.index.name = "Period"
        printed = paper.fevd_frame(resp)
        theirs = printed.reindex(ours.index)
        table = pd.concat({"ours": ours, "paper": theirs}, axis=1)
        if "LFDI" in names:
            table[("ours − paper", "LFDI")] = table[("ours", "LFDI")] - table[("paper", "LFDI")]
            at = min(horizon, int(printed.index.max()))
            parts.append(f"{ours['LFDI'].iloc[-1]:.1f} % of the forecast-error variance of {resp} "
                         f"(paper: {printed.loc[at, 'LFDI']:.1f} % at period {at})")
        table[("ours − paper", "S.E.")] = table[("ours", "S.E.")] - table[("paper", "S.E.")]
        out[resp] = table
    out["text"] = (f"At period {horizon} FDI explains " + " and ".join(parts) + " on this run." if parts
                   else _missing_study_variables(names, ["LFDI", "LEXS1", "LEXS2"]))
    return out


def period1_truth_estimate_paper(fit: VECMFit, truth: VECMFit, truth_names: Sequence[str],
                                 names: Sequence[str], order_names: Sequence[str]) -> pd.DataFrame:
    """Period-1 S.E. and shares of LEXS1 and LEXS2: the true model, our estimate, the paper.

    The stand-in's true Σ was calibrated to the paper's period-1 rows (Tables 4–5), so the
    "truth" rows reproduce them under the study's ordering; the "estimate" rows show what
    one sample of T observations recovers. Columns follow ``names``; the truth is reindexed
    by variable name, so ``--vars`` in another order still lines up.
    """
    t_order = [list(truth_names).index(n) for n in order_names]
    t_se, t_shares = fevd.fevd(truth, 1, t_order)
    e_se, e_shares = fevd.fevd(fit, 1, [list(names).index(n) for n in order_names], dof_adjust=True)
    rows = {}
    for resp in [r for r in paper.FEVD_TABLES if r in names]:
        ti, ei = list(truth_names).index(resp), list(names).index(resp)
        truth_row = dict(zip(truth_names, t_shares[0, ti]))
        rows[(resp, "true model")] = {"S.E.": t_se[0, ti], **{n: truth_row[n] for n in names}}
        rows[(resp, "estimate")] = {"S.E.": e_se[0, ei], **dict(zip(names, e_shares[0, ei]))}
        rows[(resp, "paper")] = paper.fevd_frame(resp).loc[1].reindex(["S.E.", *names]).to_dict()
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.names = ["response", "source"]
    return table


def fevd_last_interval(shares: np.ndarray, boot: BootResult, names: Sequence[str], level: float) -> dict:
    """Bootstrap intervals of every share at the last horizon, for the responses LEXS1 and LEXS2.

    ``table`` (response, shock) → share, lower, upper; ``text``: a Markdown sentence on the
    interval for FDI's share in LEXS1 (or why there is none on this run).
    """
    h = shares.shape[0] - 1
    if boot.fevd is None:
        return {"table": pd.DataFrame({"note": ["no bootstrap (--boot 0)"]}),
                "text": "No bootstrap replications on this run (`--boot 0`), so no intervals."}
    rows = []
    for resp in [n for n in names if n in paper.FEVD_TABLES] or list(names):
        i = list(names).index(resp)
        for j, imp in enumerate(names):
            rows.append({"response": resp, "shock": imp, "share (%)": shares[h, i, j],
                         "lower (%)": boot.fevd.lower[h, i, j], "upper (%)": boot.fevd.upper[h, i, j]})
    table = pd.DataFrame(rows).set_index(["response", "shock"])
    table.attrs["period"] = h + 1
    missing = _missing_study_variables(names, ["LFDI", "LEXS1"])
    if missing:
        return {"table": table, "text": missing}
    row = table.loc[("LEXS1", "LFDI")]
    text = (f"With this run's settings the {100 * level:g} % {boot.kind} interval for FDI's share in the "
            f"variance of LEXS1 at period {h + 1} runs from {row['lower (%)']:.1f} % to "
            f"{row['upper (%)']:.1f} % (point estimate {row['share (%)']:.1f} %).")
    return {"table": table, "text": text}
