"""Chapter 4's tables and sentences: the EViews estimation blocks, restriction tests and their
simulated size, residual diagnostics and the roots of the levels VAR."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from IPython.display import Markdown

from vecmbook.econometrics import stability
from vecmbook.econometrics.diagnostics import TestResult
from vecmbook.econometrics.montecarlo import RestrictionSize
from vecmbook.econometrics.restrictions import RestrictionTest, null_holds
from vecmbook.econometrics.vecm import VECMFit
from vecmbook.inputs import dataset as loader
from vecmbook.report import figures, tables
from vecmbook.study import standin, vecm_estimates
from vecmbook.study.vecm_estimates import coefficient_table, truth_side_by_side

FIXED = "fixed by the normalisation (no standard error)"


def _eviews_block(table: pd.DataFrame, digits: int) -> pd.DataFrame:
    """Stack coefficient, (s.e.) and [t] under each other as EViews prints them."""
    columns = list(dict.fromkeys(table["equation"]))
    terms = list(dict.fromkeys(table["term"]))
    wide = {q: table.pivot(index="term", columns="equation", values=q).loc[terms, columns]
            for q in ("coefficient", "std_error", "t_stat")}
    out = []
    for term in terms:
        out.append(((term, "coef"), [f"{round(x, digits) + 0.0:.{digits}f}"  # no "-0.000000"
                                     for x in wide["coefficient"].loc[term]]))
        if wide["std_error"].loc[term].notna().any():
            out.append(((term, "s.e."), [f"({x:.{digits}f})" if np.isfinite(x) else np.nan
                                         for x in wide["std_error"].loc[term]]))
            out.append(((term, "t"), [f"[{x:.{digits - 2}f}]" if np.isfinite(x) else np.nan
                                      for x in wide["t_stat"].loc[term]]))
    index = pd.MultiIndex.from_tuples([k for k, _ in out], names=["term", "statistic"])
    return pd.DataFrame([v for _, v in out], index=index, columns=columns)


def vecm_summary(fit: VECMFit, names: Sequence[str], source: str, dof_adjust: bool = True,
                 digits: int = 6) -> dict[str, tables.Table]:
    """EViews-style "Cointegrating Eq" and "Error Correction" blocks, six decimals as EViews prints.

    Each term has a coefficient row and, unless fixed by normalisation, a "(s.e.)" and a
    "[t-statistic]" row. Unlike EViews, no constant is shown in the cointegrating
    equations of cases 3–5: there it is unrestricted and reported in the error-correction
    block only.
    """
    table = coefficient_table(fit, names, dof_adjust)
    note = "Standard errors in ( ), t-statistics in [ ]."
    return {block: tables.table(_eviews_block(table[table["block"] == block], digits), missing=FIXED,
                                source=source, notes=[note])
            for block in ("Cointegrating Eq", "Error Correction")}


def cointegrating_block(summary: dict[str, tables.Table], rank: int) -> object:
    """The "Cointegrating Eq" block of :func:`vecm_summary`, or at rank 0 a sentence saying there
    is none."""
    if rank:
        return summary["Cointegrating Eq"]
    return Markdown("With rank 0 there is no cointegrating equation: the model is a VAR in first differences, and "
                    "the error-correction block below has lagged differences and deterministic terms only.")


def restriction_table(tests: Sequence[RestrictionTest], source: str) -> tables.Table:
    """One row per test: hypothesis, LR statistic, df, p-value, reading."""
    frame = pd.DataFrame([(t.hypothesis, t.statistic, t.df, t.pvalue, t.reading) for t in tests],
                         columns=["Hypothesis", "LR statistic", "df", "p-value", "Reading"])
    return tables.table(frame, digits={"LR statistic": 3, "p-value": 4}, index=False, source=source,
                        notes=["LR tests of restrictions on the cointegration space (Johansen 1995), "
                               "asymptotic chi-square p-values."])


def size_table(sizes: Sequence[RestrictionSize], source: str) -> tables.Table:
    """One row per test: observed LR, chi-square and simulated critical values, true size, p-values
    (transposed: one column per test, so the long row labels fit the column)."""
    rows = {}
    for s in sizes:
        rows[s.test.hypothesis] = {
            "df": s.test.df, "LR on the data": s.test.statistic,
            f"chi2 {1 - s.signif:.0%} critical value": s.chi2_critical,
            f"simulated {1 - s.signif:.0%} critical value": s.simulated_critical,
            f"rejection rate of the nominal {s.signif:.0%} test": s.rejection_rate,
            "Monte Carlo s.e.": s.rejection_se,
            "chi2 p-value": s.test.pvalue, "simulated p-value": s.simulated_pvalue,
            "samples used": len(s.simulated),
            "largest non-unit root of the null model": s.null_stability.largest_other_modulus,
        }
    frame = pd.DataFrame.from_dict(rows, orient="index").rename_axis("null hypothesis").T
    return tables.table(frame, source=source)


def diagnostics_table(tests: Sequence[TestResult], source: str) -> tables.Table:
    """All residual tests in one table: Test, Statistic, df, p-value, Reading (in full)."""
    frame = pd.DataFrame([{"Test": t.test, "Statistic": t.statistic,
                           "df": (f"({t.df[0]:g}, {t.df[1]:.2f})" if isinstance(t.df, tuple) else
                                  f"{t.df:g}" if np.isfinite(t.df) else np.nan),
                           "p-value": t.pvalue, "Reading": t.reading} for t in tests])
    return tables.table(frame, digits={"Statistic": 3, "p-value": 4}, missing=tables.NOT_COMPUTABLE,
                        index=False, source=source)


def stability_sentence(check: stability.UnitRootCheck) -> str:
    """What :func:`stability.unit_root_count_check` found, in words: the K − r unit roots the rank
    imposes, the largest other modulus, and whether the model is stable in the sense a VECM can be."""
    plural = "root" if check.expected_unit_roots == 1 else "roots"
    largest = ("" if np.isnan(check.largest_other_modulus)
               else f"the largest remaining modulus is {check.largest_other_modulus:.4f}. ")
    verdict = ("So the model is stable in the only sense a VECM can be: apart from the imposed unit roots, every "
               "root lies inside the unit circle. The statement that all roots lie strictly inside the circle "
               "cannot hold for any VECM with r < K."
               if check.stable_apart_from_unit_roots else
               f"this model has {check.unit_roots} unit roots at z = 1 and {check.other_roots_outside} other roots "
               "on or outside the unit circle, which is NOT the pattern a stable VECM requires.")
    return (f"A VECM with K = {check.k} variables and cointegration rank r = {check.rank} imposes exactly "
            f"K − r = {check.expected_unit_roots} unit {plural}; {largest}{verdict}")


def stability_table(fit: VECMFit, source: str) -> tables.Table:
    """Roots of the companion matrix (EViews' "Roots of Characteristic Polynomial") and their moduli."""
    roots = stability.companion_roots(fit)
    text = [f"{r.real:.6f}" if abs(r.imag) < 1e-12 else f"{r.real:.6f} {'+' if r.imag > 0 else '-'} "
            f"{abs(r.imag):.6f}i" for r in roots]
    frame = pd.DataFrame({"Root": text, "Modulus": np.abs(roots)}, index=pd.RangeIndex(1, len(roots) + 1, name="#"))
    return tables.table(frame, digits=6, source=source)


def truth_sentence(model: VECMFit, names: Sequence[str], kind: str, variable: str) -> str:
    """Whether a known model (the stand-in's truth) satisfies the null, quoting the row that decides."""
    names = list(names)
    j = names.index(variable)
    which = "β" if kind == "exclusion" else "α"
    row = (model.beta if kind == "exclusion" else model.alpha)[j]
    values = ", ".join(f"{x:g}" for x in row)
    null = (f"{variable} excluded from the cointegration space" if kind == "exclusion"
            else f"{variable} weakly exogenous")
    if null_holds(model, j, kind):
        return f"*{null}*: true in the truth ({variable}'s row of {which} is ({values})); a rejection is an error."
    return (f"*{null}*: false in the truth ({variable}'s row of {which} is ({values}), not zero); "
            f"a rejection is the correct decision.")


def restriction_section(sizes: Sequence[RestrictionSize], rank: int, k: int, source: str) -> object:
    """The LR restriction tests (:meth:`vecmbook.pipeline.analysis.Context.restriction_sizes`) as a
    table, or why none is run."""
    if sizes:
        return restriction_table([s.test for s in sizes], source)
    return Markdown(f"No restriction test is run: they need 1 ≤ rank < K (here rank {rank}, K = {k}) and an FDI or "
                    "GDP variable among the variables.")


def size_section(sizes: Sequence[RestrictionSize], source: str) -> list[object]:
    """Each restriction test's simulated size at the data's T, as a table and in words; nothing
    without tests."""
    if not sizes:
        return []
    level = f"{100 * sizes[0].signif:g} %"
    rates = "\n".join(f"- {s.test.hypothesis}: {100 * s.rejection_rate:.1f} % (Monte Carlo s.e. "
                      f"{100 * s.rejection_se:.1f} points)" for s in sizes)
    return [size_table(sizes, source), Markdown(
        f"Share of the {sizes[0].requested} simulated samples (T = {sizes[0].nobs}, null true) in which the nominal "
        f"{level} chi-square test rejects:\n\n{rates}\n\nWhere that is well above {level}, a small chi-square "
        "p-value is weaker evidence than it looks. The simulated p-value is calibrated to this T under the fitted "
        "null model, but with so few observations it has little power either.")]


def restriction_sentence(test: RestrictionTest | None, missing: str) -> str:
    """One restriction test in words: its hypothesis and its reading (which states LR, df and the
    p-value), or ``missing``."""
    if test is None:
        return missing
    return f"{test.hypothesis}: {test.reading}."


def truth_comparison(fit: VECMFit, names: Sequence[str], kind: str, source: str) -> list[object]:
    """The estimates beside the stand-in's true parameters, where they are comparable
    (:func:`vecmbook.study.standin.truth_comparable`); on the stand-in otherwise a sentence saying why
    not; nothing on other data."""
    truth = standin.truth()
    if standin.truth_comparable(kind, names, fit.rank):
        return [Markdown("**Known truth.** The stand-in was generated from known parameters, so we can see how "
                         "close maximum likelihood gets with this sample size:"),
                tables.table(truth_side_by_side(fit, truth, names).rename(index=figures.loading_name), digits=3,
                             source=f"{source} Truth: data/standin_truth.json.")]
    if kind == loader.STANDIN:
        return [Markdown(f"No side-by-side with the stand-in's true parameters: they are defined for "
                         f"{', '.join(standin.truth_record()['variables'])} in that order with rank {truth.rank}, "
                         "and this run's variables, order or rank differ, so α and β are normalised differently.")]
    return []


def restriction_truth_note(sizes: Sequence[RestrictionSize], tested: Sequence[tuple[str, str]], rank: int,
                           names: Sequence[str], kind: str) -> list[object]:
    """After the size simulation (``sizes``) on the stand-in's variables: whether each ``tested``
    null (kind, variable) holds in the true model (:func:`truth_sentence`), noting a rank other
    than the truth's; nothing without a simulation or on other data."""
    truth_names = standin.truth_record()["variables"]
    if not sizes or kind != loader.STANDIN or not set(names) <= set(truth_names):
        return []
    truth = standin.truth()
    lines = "\n".join(f"- {truth_sentence(truth, truth_names, k, v)}" for k, v in tested)
    caveat = "" if rank == truth.rank else f" (The truth has rank {truth.rank}; these tests use rank {rank}.)"
    return [Markdown("**Known truth on the stand-in.** The size simulation above asks how each test behaves when "
                     "its null is true in a model fitted to these data. The stand-in itself was generated from a "
                     f"known model, in which:\n\n{lines}{caveat}")]


def normalisation_note(rank: int, k: int, names: Sequence[str]) -> str:
    """:func:`identification_note` where 1 ≤ rank < K; otherwise why there is nothing to normalise."""
    if 1 <= rank < k:
        return identification_note(rank, k, names)
    return f"With rank {rank} there is no cointegrating vector to normalise."


def identification_note(rank: int, k: int, names: Sequence[str] | None = None) -> str:
    """Why zeros in the first ``rank`` rows of the normalised β are imposed, not estimated.

    Johansen's β is identified only up to a nonsingular r × r rotation, so reporting it
    needs r restrictions per vector, r² in all (Johansen 1995, sec. 5.3; Lütkepohl 2005,
    sec. 7.2). The EViews normalisation β = [I_r; B] uses exactly these r²: every
    vector has a unit on its own variable and zeros on the other r − 1 leading variables.
    """
    if not 1 <= rank < k:
        raise ValueError(f"rank must be between 1 and {k - 1}, got {rank}")
    if names is not None and len(names) != k:
        raise ValueError(f"names must list {k} variables, got {len(names)}")
    names = list(names) if names is not None else [f"y{i + 1}" for i in range(k)]
    lead, free = names[:rank], names[rank:]
    zeros = rank * (rank - 1)
    many = rank > 1
    units = (f"each cointegrating equation has coefficient 1 on its own leading variable and 0 on the "
             f"other {rank - 1} leading variable{'s' if rank > 2 else ''} ({zeros} zeros in all). These "
             "zeros are imposed, not estimated, carry no standard error and are no evidence about the "
             "variables involved" if many else
             f"the cointegrating equation has coefficient 1 on {lead[0]}. That unit is imposed, not "
             "estimated, and carries no standard error")
    return (
        f"With cointegration rank $r = {rank}$, $\\beta$ is identified only up to an invertible "
        f"${rank} \\times {rank}$ rotation, so $r^2 = {rank ** 2}$ just-identifying "
        f"restriction{'s' if many else ''} ({rank} per vector) must be imposed. The normalisation used "
        f"here and by EViews sets the row{'s' if many else ''} of {', '.join(lead)} to the identity: "
        f"{units}; only the coefficients of {', '.join(free)} (and restricted deterministic terms) are "
        f"estimated. Whether a variable matters for the long run is answered by an LR test of its "
        f"exclusion from the cointegration space ($\\beta = H\\varphi$, $\\chi^2$ with {rank} "
        f"degree{'s' if many else ''} of freedom)."
    )


def _tex_name(name: str) -> str:
    return r"\mathrm{" + name.replace("_", r"\_") + "}"


def _tex_term(term: str) -> str:
    """LaTeX for a short-run label: CointEqj, D(X(-i)), C, @TREND, a shift's impulses D(SHIFT(P))
    and D(SHIFT(P)(-i)), and other exogenous terms (@SEAS(q)-0.25, IMP(P), a --exog column) as text."""
    if term.startswith("CointEq"):
        return r"\mathrm{ECT}_{" + term[7:] + r",t-1}"
    if term == "C":
        return ""
    if term == "@TREND":
        return "t"
    if not (term.startswith("D(") and term.endswith("))")):
        return r"\text{" + term + "}_t"
    inner = term[2:-1]  # "LFDI(-1)", "SHIFT(2009)" or "SHIFT(2009)(-1)"
    if not inner.endswith(")") or "(-" not in inner:
        return r"\Delta " + _tex_name(inner) + "_t"
    var, lag = inner[:-1].rsplit("(-", 1)  # "D(LFDI(-1))" -> "LFDI", "1"
    return r"\Delta " + _tex_name(var) + "_{t-" + lag + "}"


def _tex_coef(value: float, se: float, first: bool, digits: int) -> str:
    """``− \\underset{(s.e.)}{|b|}``: the sign outside, the standard error under the number."""
    sign = "-" if round(value, digits) < 0 else ("" if first else "+")
    number = f"{abs(value):.{digits}f}"
    body = rf"\underset{{({se:.{digits}f})}}{{{number}}}" if np.isfinite(se) else number
    return f"{sign} {body}".strip()


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
    for item in vecm_estimates.error_correction_items():
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


def equation_sections(fit: VECMFit, names: Sequence[str], source: str, digits: int = 3) -> list[object]:
    """The ΔLEXS1 and ΔLEXS2 equations (:data:`~vecmbook.study.vecm_estimates.INTERPRETED`), each
    ours in full (LaTeX, standard errors under the coefficients) with its coefficient table, beside
    what the study quotes; then one sentence per quoted loading. A variable not in ``names`` gets a
    sentence saying so instead of an equation."""
    names = list(names)
    out: list[object] = []
    for var in vecm_estimates.INTERPRETED:
        if var not in names:
            out.append(Markdown(f"**Δ{var}**: {var} is not among this run's variables ({', '.join(names)}), so "
                                f"the study's Δ{var} equation has no counterpart here."))
            continue
        table = vecm_estimates.equation_table(fit, names, var)
        ects = [f"$\\mathrm{{ECT}}_{{{j + 1},t-1}}$ = CointEq{j + 1}, normalised on {names[j]}"
                for j in range(fit.rank)]
        out.append(Markdown("\n\n".join([
            f"**Δ{var}, ours** (standard errors in parentheses under each coefficient; T = {fit.nobs}):",
            equation_latex(table, var, digits),
            ("where " + "; ".join(ects) + " (see the cointegrating equations above).") if ects else
            "There are no error-correction terms (rank 0).",
            f"**Δ{var}, the study**: section 4.3.2 quotes only these coefficients (the estimated "
            "equations themselves did not survive in the text we have; ⋯ stands for the rest):",
            paper_equation_latex(var),
        ])))
        out.append(tables.table(table, digits=4, missing=tables.NOT_REPORTED, source=source))
    out.append(Markdown(_ect_summary(vecm_estimates.ect_side_by_side(fit, names))))
    return out


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


def fdi_lag_section(fit: VECMFit, names: Sequence[str], kind: str, source: str) -> list[object]:
    """Section 5.1.1's unexplained "long-term" FDI coefficient: what the study says, why it is not
    paired with any number of ours, and what it could be (:func:`~vecmbook.study.vecm_estimates.
    fdi_lag_candidates`), with the stand-in's true value of each reading when the run is on it."""
    item = next(i for i in vecm_estimates.error_correction_items() if i["section"] == "5.1.1")
    truth = standin.truth() if kind == loader.STANDIN else None
    truth_names = standin.truth_record()["variables"] if truth is not None else None
    candidates = vecm_estimates.fdi_lag_candidates(fit, names, truth, truth_names)
    text = (f"Section {item['section']} says that \"{item['quote']}\". The paper does not say which table or "
            "equation this number comes from, and no table it prints contains it, so it is not paired with "
            "any coefficient of ours and no difference is computed. ")
    if candidates.empty:
        return [Markdown(text + "LEXS1 or LFDI is not among this run's variables, so none of its possible "
                                "readings exists here.")]
    out: list[object] = [
        Markdown(text + "What it *could* be, with our value of each (none is claimed to be the study's number; "
                        "the study's own section 4.3.2 calls the first of them only \"close to zero\"):"),
        tables.table(candidates, digits=4, index=False, source=source,
                     missing="no standard error: a function of several estimates, or fixed by the normalisation")]
    if truth is not None and "truth" in candidates:
        own = truth.gamma[truth_names.index("LEXS1"), truth_names.index("LFDI")]
        out.append(Markdown(
            f"The `truth` column is the model that generated the stand-in. Its builders chose to put {own:g} at "
            "the first reading when calibrating it (`vecmbook.study.standin`), so agreement there reflects that "
            "choice, not evidence about what the study meant."))
    return out
