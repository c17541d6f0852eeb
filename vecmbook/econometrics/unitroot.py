"""Unit-root tests of every variable in levels and first differences (the study's Table 2).

Four tests from ``arch`` (Sheppard), each with its deterministic terms stated:

* ADF  – augmented Dickey–Fuller (Said & Dickey 1984), lag length by information
  criterion; p-values MacKinnon (1994), critical values MacKinnon (2010) for the sample size.
* PP   – Phillips–Perron Z-tau (Phillips & Perron 1988; Hamilton 1994 eq. 17.6.8) with a
  Newey–West/Bartlett long-run variance.
* KPSS – Kwiatkowski, Phillips, Schmidt & Shin (1992): the confirmatory test with the
  *opposite* null (stationarity), Bartlett long-run variance.
* ZA   – Zivot & Andrews (1992): unit root against stationarity with one endogenous break
  (the sample spans WTO entry in 2001 and the 2008 crisis); the break is reported as the
  label of the first period of the new regime (dummy ``DU_t = 1`` for ``t >= break``, the
  EViews convention).

Lag length and bandwidth for T = 30
-----------------------------------
Schwert's (1989) long rule ``floor(12 (T/100)^¼)`` gives 8 lags at T = 30: with a constant
and trend the ADF regression would then fit 11 coefficients to 21 observations, the
information-criterion search itself runs on those 21 observations, and AIC is known to
run to the upper bound in samples this short (Ng & Perron 2001). We therefore cap the ADF
lag search (and so the ZA lag) with Schwert's *short* rule ``floor(4 (T/100)^¼)``,
= 2 for T = 29 or 30, and use the same rule as the Bartlett bandwidth of PP and KPSS
(urca's ``lags = "short"``). Both are parameters (``max_lags``, ``bandwidth``).
Zivot–Andrews uses the lag the ADF search chose for the same series with the same
deterministic terms, without the break (arch, asked for ``lags=None``, would run that
search with a constant + trend ADF even for ZA model "c", i.e. a constant and a shift
in it).

Verdict rule (stated once): at significance level ``alpha`` (5 % by default) ADF, PP and
ZA say "stationary" when ``p < alpha`` (unit-root null rejected) and "unit root"
otherwise; KPSS, whose null is stationarity, says "unit root" when ``p < alpha`` and
"stationary" otherwise.
"""
from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from arch.unitroot import ADF, KPSS, PhillipsPerron, ZivotAndrews
from arch.utility.exceptions import InfeasibleTestException

TESTS = ("ADF", "PP", "KPSS", "ZA")
FORMS = ("level", "diff")
TRENDS = {"c": "constant", "ct": "constant + trend"}
IC = {"aic": "AIC", "bic": "SIC", "t-stat": "t-stat (general-to-specific)"}
NULL_IS_STATIONARY = {"ADF": False, "PP": False, "KPSS": True, "ZA": False}

VERDICT_RULE = (
    "At the {alpha:.0%} level ADF, PP and Zivot–Andrews judge a series stationary when their "
    "p-value is below {alpha:g} (unit-root null rejected); KPSS, whose null is stationarity, "
    "judges it to have a unit root when its p-value is below {alpha:g}."
)
INTEGRATION_RULE = (
    "Per test: I(0) if the level is judged stationary, I(1) if the level has a unit root and "
    "the first difference is stationary, 'I(2)?' if the difference also has a unit root. "
    "Combined order from ADF and PP: a form counts as stationary when {rule} of the two "
    "rejects the unit root (the study's rule is 'either')."
)

def schwert_lags(nobs: int, factor: float = 4.0) -> int:
    """Schwert's (1989) rule ``floor(factor · (nobs/100)^¼)``; factor 4 ("short") or 12."""
    return int(math.floor(factor * (nobs / 100.0) ** 0.25))


@dataclass(frozen=True)
class UnitRootResult:
    """One test of one variable in one form.

    ``lags``: ADF/ZA lagged differences (chosen by ``lag_rule``); PP/KPSS Bartlett bandwidth.
    ``crit``: critical values keyed "1%", "5%", "10%". ``break_period``: ZA only, the label
    of the first period after the break. ``nobs``: observations of the series tested;
    ``alpha``: the level the verdict was taken at.
    """

    variable: str
    form: str
    test: str
    stat: float
    pvalue: float
    lags: int
    trend: str
    crit: dict[str, float]
    verdict: str
    nobs: int
    lag_rule: str
    break_period: object = None
    alpha: float = 0.05

    @property
    def verdict_cv(self) -> str:
        """Verdict from the 5 % critical value instead of the p-value. arch's ADF/PP p-values
        are MacKinnon's (1994) asymptotic surfaces while its critical values are MacKinnon's
        (2010) finite-sample ones, so at T = 30 the two can disagree near the boundary."""
        beyond = self.stat > self.crit["5%"] if NULL_IS_STATIONARY[self.test] else \
            self.stat < self.crit["5%"]
        return verdict(self.test, 0.0 if beyond else 1.0)

    @property
    def label(self) -> str:
        """Row label as in the study: ``LEXS1`` for the level, ``D(LEXS1)`` for the difference."""
        return self.variable if self.form == "level" else f"D({self.variable})"


def verdict(test: str, pvalue: float, alpha: float = 0.05) -> str:
    """'stationary' or 'unit root' by the module's verdict rule (KPSS null reversed)."""
    reject = pvalue < alpha
    if NULL_IS_STATIONARY[test]:
        return "unit root" if reject else "stationary"
    return "stationary" if reject else "unit root"


def _crit(test_obj) -> dict[str, float]:
    return {k: float(v) for k, v in test_obj.critical_values.items()}


def _za_break(za: ZivotAndrews) -> int:
    """Position (in the tested series) of the first observation of the new regime.

    arch keeps the per-break-date statistics in ``_all_stats`` (NaN outside the trimmed
    range); the chosen break is the date minimising the t statistic.
    """
    return int(np.nanargmin(za._all_stats))


def _series_tests(x: np.ndarray, index: pd.Index, variable: str, form: str, trend: str,
                  ic: str, lags: int | None, max_lags: int | None, bandwidth: int | None,
                  trim: float, alpha: float) -> list[UnitRootResult]:
    """ADF, PP, KPSS and ZA on one series with the stated deterministic terms."""
    n = x.shape[0]
    maxlag = schwert_lags(n) if max_lags is None else max_lags
    bw = schwert_lags(n) if bandwidth is None else bandwidth
    ic_rule = f"{IC[ic]}, max {maxlag} lags" if lags is None else "fixed"
    bw_rule = f"Bartlett bandwidth {bw}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        adf = ADF(x, lags=lags, trend=trend, max_lags=maxlag, method=ic)
        pp = PhillipsPerron(x, lags=bw, trend=trend)
        kpss = KPSS(x, lags=bw, trend=trend)
        # ZA gets the lag of the ADF above (same deterministic terms); left to itself arch
        # would choose it with a constant + trend ADF whatever the ZA model
        za = ZivotAndrews(x, lags=adf.lags, trend=trend, trim=trim)
        za_rule = ("lag of the ADF with the same deterministic terms" if lags is None
                   else "fixed") + f", trim {trim:g}"
        tests = [("ADF", adf, ic_rule), ("PP", pp, bw_rule), ("KPSS", kpss, bw_rule),
                 ("ZA", za, za_rule)]
        out = []
        for name, obj, rule in tests:
            try:
                p = float(obj.pvalue)
            except InfeasibleTestException:
                # arch computes lazily; ZA needs enough observations in each trimmed regime
                continue
            out.append(UnitRootResult(
                variable=variable, form=form, test=name, stat=float(obj.stat), pvalue=p,
                lags=int(obj.lags), trend=trend, crit=_crit(obj), verdict=verdict(name, p, alpha),
                nobs=n, lag_rule=rule,
                break_period=index[_za_break(obj)] if name == "ZA" else None, alpha=alpha))
    return out


def _check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {sorted(allowed)}, got {value!r}")


def unit_root_tests(df: pd.DataFrame, trend_level: str = "ct", trend_diff: str = "c",
                    ic: str = "aic", alpha: float = 0.05, max_lags: int | None = None,
                    bandwidth: int | None = None, trim: float = 0.15,
                    lags: int | None = None) -> list[UnitRootResult]:
    """ADF, PP, KPSS and ZA for every column of ``df``, in levels and first differences.

    ``trend_level`` / ``trend_diff``: "ct" (constant + trend) or "c" (constant) for the
    levels and the differences (``np.diff`` of the levels). ``ic``: "aic", "bic" or "t-stat"
    for the ADF/ZA lag search up to ``max_lags`` (default Schwert's short rule, see module
    doc), or exactly ``lags`` when given; ``bandwidth``: PP/KPSS Bartlett lags (same
    default). ``trim``: ZA trimming (a float in [0, 1/3]).
    Missing values are dropped per column; index labels name the ZA break date.
    """
    if not isinstance(df, pd.DataFrame) or df.shape[1] == 0:
        raise ValueError("df must be a non-empty pandas DataFrame")
    _check_choice("trend_level", trend_level, TRENDS)
    _check_choice("trend_diff", trend_diff, TRENDS)
    _check_choice("ic", ic, IC)
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    if not isinstance(trim, float) or not 0.0 < trim <= 1 / 3:
        raise ValueError(f"trim must be a float in (0, 1/3], got {trim!r}")
    for name, value in (("lags", lags), ("max_lags", max_lags), ("bandwidth", bandwidth)):
        if value is not None and (not isinstance(value, numbers.Integral) or value < 0):
            raise ValueError(f"{name} must be a non-negative integer or None, got {value!r}")
    results: list[UnitRootResult] = []
    for form, trend in (("level", trend_level), ("diff", trend_diff)):
        for col in df.columns:
            s = pd.to_numeric(df[col], errors="raise").dropna()
            x = s.to_numpy(dtype=float)
            index = s.index
            if form == "diff":
                x, index = np.diff(x), index[1:]
            if x.shape[0] < 10:
                raise ValueError(f"df column {col!r} needs at least 11 observations")
            results += _series_tests(x, index, str(col), form, trend, ic, lags, max_lags,
                                     bandwidth, trim, alpha)
    return results


def _plain(value):
    """JSON-friendly break label: ints stay ints, anything else becomes text."""
    if value is None:
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    return str(value)


def to_records(results: list[UnitRootResult]) -> list[dict]:
    """Plain dicts for results.json: variable, form, test, stat, pvalue, lags, trend, plus
    crit_1/crit_5/crit_10, verdict, nobs, lag_rule and (ZA) break_period."""
    records = []
    for r in results:
        rec = {"variable": r.variable, "form": r.form, "test": r.test, "stat": float(r.stat),
               "pvalue": float(r.pvalue), "lags": int(r.lags), "trend": r.trend}
        rec.update({f"crit_{k.rstrip('%')}": float(v) for k, v in r.crit.items()})
        rec.update({"verdict": r.verdict, "nobs": int(r.nobs), "lag_rule": r.lag_rule})
        if r.test == "ZA":
            rec["break_period"] = _plain(r.break_period)
        records.append(rec)
    return records


def by_label(results: list[UnitRootResult]) -> dict[str, dict[str, UnitRootResult]]:
    """{row label: {test: result}}, levels first then differences, in input order."""
    rows: dict[str, dict[str, UnitRootResult]] = {}
    for form in FORMS:
        for r in results:
            if r.form == form:
                rows.setdefault(r.label, {})[r.test] = r
    return rows


def _order(level_stationary: bool, diff_stationary: bool) -> str:
    if level_stationary:
        return "I(0)"
    return "I(1)" if diff_stationary else "I(2)?"


def integration_orders(results: list[UnitRootResult], rule: str = "either") -> dict[str, dict[str, object]]:
    """Order of integration per variable by each test and combined (ADF and PP).

    ``rule``: "either" (stationary when ADF *or* PP rejects, the study's rule) or "both".
    {variable: {"ADF", "PP", "KPSS", "ZA": order or "not computable", "order": combined,
    "KPSS confirms": KPSS order equals the combined one}}; the rule is ``INTEGRATION_RULE``.
    """
    _check_choice("rule", rule, {"either", "both"})
    combine = any if rule == "either" else all
    stationary: dict[str, dict[tuple[str, str], bool]] = {}
    for r in results:
        stationary.setdefault(r.variable, {})[(r.test, r.form)] = r.verdict == "stationary"
    rows: dict[str, dict[str, object]] = {}
    for var, s in stationary.items():
        row: dict[str, object] = {t: _order(s[(t, "level")], s[(t, "diff")]) if (t, "level") in s and (t, "diff") in s
                                  else "not computable" for t in TESTS}
        row["order"] = _order(combine([s[("ADF", "level")], s[("PP", "level")]]),
                              combine([s[("ADF", "diff")], s[("PP", "diff")]]))
        row["KPSS confirms"] = row.get("KPSS") == row["order"]
        rows[var] = row
    return rows
