"""The study's conclusions (its section 5, with the results of section 4 they rest on), once, as data.

Each :class:`Claim` has a stable id, where the study makes it, a paraphrase, the study's own figure
and a function that reads one specification's results and returns a :class:`Verdict`: it
*supports* the claim, *contradicts* it, or *cannot speak* to it, with the reason. The results are a
record as ``python -m vecmbook grid`` writes one (``grid.json``): ``lags``, ``deterministic``,
``ordering`` (model variable names), ``horizon``, ``status``, ``rank_trace``, ``rank_used``, ``ect``
(response → the relation normalised on a variable → ``alpha``, ``se``), ``impact`` and ``fevd_last``
(response → impulse). The run's own record (:func:`vecmbook.pipeline.grid.run_record`) adds what
only the conclusions chapter reads: ``fevd_first`` (period 1), ``irf`` (response → impulse → path
h = 0..H, with ``irf_lower`` / ``irf_upper`` when bootstrapped) and ``short_run`` (response →
``D(LFDI(-1))`` → ``coef``, ``se``). A claim whose fields or variables a record lacks cannot be
spoken to, and says so. The same list feeds the grid chapter's table and the conclusions chapter.

Significance is judged as the study does, at 5 % with the normal approximation (|t| > 1.96) for the
loadings and short-run coefficients (Lütkepohl 2005, sec. 7.2.2). Study: "The Impact of Foreign
Direct Investment on Dongguan's Export Structure: Evidence from a VECM Model" (2025).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

SUPPORTS, CONTRADICTS, CANNOT = "supports", "contradicts", "cannot speak"
OUTCOMES = (SUPPORTS, CONTRADICTS, CANNOT)
#: two-sided 5 % critical value of the standard normal
Z_5PCT = 1.959963984540054
#: the study's reported numbers the claims quote (data/paper_reported.json holds them all)
STUDY_RANK = 3
STUDY_PERIOD = 10
#: relative size of the last response below which the study's "converges to 0" is taken as met
CONVERGED = 0.10
#: fields only the run's own record has (a grid record cannot speak to claims that need them)
RUN_ONLY_FIELDS = ("fevd_first", "irf", "short_run")


@dataclass(frozen=True)
class Verdict:
    """What one specification says about a claim: ``outcome`` in :data:`OUTCOMES` and why."""

    outcome: str
    why: str


@dataclass(frozen=True)
class Claim:
    """One conclusion of the study; ``evaluate`` reads one specification's record."""

    id: str
    section: str
    statement: str
    paper: str
    needs: tuple[str, ...]
    variables: tuple[str, ...]
    test: Callable[[Mapping], Verdict]

    def evaluate(self, record: Mapping) -> Verdict:
        """The verdict on ``record``; *cannot speak* when it is infeasible or lacks fields or variables."""
        if record.get("status") != "ok":
            return Verdict(CANNOT, f"the specification is infeasible: {record.get('reason', 'no reason given')}")
        missing = [v for v in self.variables if v not in record.get("ordering", [])]
        if missing:
            return Verdict(CANNOT, f"this specification's variables ({', '.join(record.get('ordering', []))}) "
                                   f"do not include {', '.join(missing)}")
        absent = [f for f in self.needs if record.get(f) is None]
        if absent:
            return Verdict(CANNOT, f"its results do not include {', '.join(absent)} (only the run's own "
                                   f"record does)" if set(absent) <= set(RUN_ONLY_FIELDS) else
                           f"its results do not include {', '.join(absent)}")
        return self.test(record)

    @property
    def in_grid(self) -> bool:
        """Whether a grid record holds everything the claim needs (and it needs any result at all)."""
        return bool(self.needs) and not set(self.needs) & set(RUN_ONLY_FIELDS)


def _t(cell: Mapping) -> float:
    return cell["alpha"] / cell["se"] if cell["se"] else float("nan")


def _rank(rec: Mapping) -> Verdict:
    r = rec["rank_trace"]
    if r is None:
        return Verdict(CANNOT, "the tabulated trace test does not apply with exogenous columns (--exog)")
    if r == STUDY_RANK:
        return Verdict(SUPPORTS, f"the sequential trace test at 5 % picks rank {r}")
    return Verdict(CONTRADICTS, f"the sequential trace test at 5 % picks rank {r}, not {STUDY_RANK}")


def _ect(rec: Mapping) -> Verdict:
    parts, ok = [], True
    for n, var in ((1, "LEXS1"), (2, "LEXS2")):
        cell = rec["ect"].get(var, {}).get(var)
        if cell is None:
            return Verdict(CANNOT, f"with rank {rec['rank_used']} no cointegrating relation is normalised on "
                                   f"{var} (the study's ECT{n}), given the variables' order")
        t = _t(cell)
        holds = cell["alpha"] < 0 and abs(t) > Z_5PCT
        ok &= holds
        parts.append(f"ECT{n} in Δ{var} is {cell['alpha']:.3f} (t = {t:.2f}, "
                     f"{'negative and significant' if holds else 'not negative and significant'})")
    return Verdict(SUPPORTS if ok else CONTRADICTS, "; ".join(parts))


def _signs(rec: Mapping) -> Verdict:
    expected = {"LEXS1": -1, "LEXS2": 1}
    parts, ok = [], True
    order = rec["ordering"]
    for var, sign in expected.items():
        if order.index(var) < order.index("LFDI"):
            return Verdict(CANNOT, f"{var} is ordered before LFDI, so its impact response to an FDI shock is "
                                   f"zero by construction (Cholesky identification)")
        value = rec["impact"][var]["LFDI"]
        holds = np.sign(value) == sign
        ok &= bool(holds)
        parts.append(f"{var} moves {value:+.4f} on impact")
    return Verdict(SUPPORTS if ok else CONTRADICTS, "; ".join(parts) + " (study: LEXS1 down, LEXS2 up)")


def _period_ok(rec: Mapping) -> Verdict | None:
    if rec["horizon"] != STUDY_PERIOD:
        return Verdict(CANNOT, f"its last FEVD period is {rec['horizon']}; the claim is about period "
                               f"{STUDY_PERIOD} (use --horizon {STUDY_PERIOD})")
    return None


def _interval(rec: Mapping, var: str) -> str:
    if rec.get("fevd_last_lower") is None:
        return ""
    return (f" [{rec['fevd_last_lower'][var]['LFDI']:.1f}, {rec['fevd_last_upper'][var]['LFDI']:.1f}]")


def _majority(variables: Sequence[str]) -> Callable[[Mapping], Verdict]:
    def test(rec: Mapping) -> Verdict:
        if (wrong := _period_ok(rec)) is not None:
            return wrong
        shares = {v: rec["fevd_last"][v]["LFDI"] for v in variables}
        ok = all(s > 50 for s in shares.values())
        text = "; ".join(f"FDI explains {s:.1f} %{_interval(rec, v)} of {v}" for v, s in shares.items())
        return Verdict(SUPPORTS if ok else CONTRADICTS, f"at period {STUDY_PERIOD} {text}")

    return test


def _rise(rec: Mapping) -> Verdict:
    if (wrong := _period_ok(rec)) is not None:
        return wrong
    parts, ok = [], True
    for var in ("LEXS1", "LEXS2"):
        first, last = rec["fevd_first"][var]["LFDI"], rec["fevd_last"][var]["LFDI"]
        ok &= last > first
        parts.append(f"{var}: {first:.1f} % → {last:.1f} %")
    return Verdict(SUPPORTS if ok else CONTRADICTS, "FDI's share from period 1 to period 10, " + "; ".join(parts))


def _convergence(rec: Mapping) -> Verdict:
    parts, ok = [], True
    for var in ("LEXS1", "LEXS2"):
        path = np.asarray(rec["irf"][var]["LFDI"], dtype=float)
        peak = np.max(np.abs(path))
        if peak == 0:
            return Verdict(CANNOT, f"the response of {var} to an FDI shock is zero throughout")
        reversal = bool(np.any(np.sign(path[1:]) * np.sign(path[:-1]) < 0))
        settled = abs(path[-1]) <= CONVERGED * peak
        ok &= reversal and settled
        band = ""
        if rec.get("irf_lower") is not None:
            lo, hi = rec["irf_lower"][var]["LFDI"][-1], rec["irf_upper"][var]["LFDI"][-1]
            band = f", band [{lo:.4f}, {hi:.4f}] {'includes' if lo <= 0 <= hi else 'excludes'} 0"
        parts.append(f"{var}: {'a sign reversal' if reversal else 'no sign reversal'}, last response "
                     f"{path[-1]:+.4f} = {abs(path[-1]) / peak:.0%} of the largest{band}")
    return Verdict(SUPPORTS if ok else CONTRADICTS,
                   "; ".join(parts) + f" (read as: the sign reverses and the last response is at most "
                                      f"{CONVERGED:.0%} of the largest; in a VECM responses settle at a "
                                      f"long-run level that need not be 0)")


def _fdi_term(rec: Mapping) -> tuple[bool, str] | None:
    """Whether ΔLFDI(t−1)'s coefficient in ΔLEXS1 is insignificant at 5 %, and that in words (None
    when the model has no lagged differences)."""
    cell = rec["short_run"].get("LEXS1", {}).get("D(LFDI(-1))")
    if cell is None:
        return None
    t = cell["coef"] / cell["se"]
    weak = abs(t) <= Z_5PCT
    return weak, (f"the ΔLFDI(t−1) coefficient in ΔLEXS1 is {cell['coef']:.4f} (t = {t:.2f}), "
                  f"{'not significant at 5 %' if weak else 'significant at 5 %'}")


NO_LAGS = Verdict(CANNOT, "the model has no lagged differences (--lags 0), so there is no ΔLFDI(t−1) term")


def _short_run(rec: Mapping) -> Verdict:
    term = _fdi_term(rec)
    if term is None:
        return NO_LAGS
    weak, text = term
    return Verdict(SUPPORTS if weak else CONTRADICTS,
                   f"{text}: {'a weak direct effect' if weak else 'a direct effect'}; the study's '−0.0820' is "
                   f"our best reading of it, not a stated one")


def _lock_in(rec: Mapping) -> Verdict:
    return Verdict(CANNOT, "value added, technology spillover and who controls the core links are not among "
                           "the model's variables (two export shares, FDI, GDP); variance shares cannot show a "
                           "'lock-in'")


def _screening(rec: Mapping) -> Verdict:
    if rec["rank_used"] < 1:
        return Verdict(CONTRADICTS, "the model has no cointegrating relation (rank 0), so no long-run linkage")
    term = _fdi_term(rec)
    if term is None:
        return NO_LAGS
    weak, text = term
    return Verdict(SUPPORTS if weak else CONTRADICTS,
                   f"long-run linkage (rank {rec['rank_used']}) and {text}; whether screening would raise "
                   f"quality is beyond the model")


def _sensitivity(rec: Mapping) -> Verdict:
    base = _majority(["LEXS2"])(rec)
    return Verdict(base.outcome, base.why + "; whether brands and general trade would follow a policy is "
                                            "beyond the model")


def _fluctuations(rec: Mapping) -> Verdict:
    if rec.get("irf_lower") is None:
        return Verdict(CANNOT, "no bootstrap bands on this run (--boot 0), so short-run responses cannot be "
                               "told from zero")
    parts, ok = [], True
    for var in ("LEXS1", "LEXS2"):
        lo = np.asarray(rec["irf_lower"][var]["LFDI"][:3])
        hi = np.asarray(rec["irf_upper"][var]["LFDI"][:3])
        moves = bool(np.any((lo > 0) | (hi < 0)))
        ok &= moves
        parts.append(f"{var}: the bootstrap band " + ("excludes 0 at some h = 0..2" if moves else
                                                     "includes 0 at every h = 0..2"))
    return Verdict(SUPPORTS if ok else CONTRADICTS, "; ".join(parts))


CLAIMS: tuple[Claim, ...] = (
    Claim("rank3", "4.2, 5.1.1", "FDI, the two export shares and GDP share three cointegrating relations "
          "(Table 3): a long-run linkage.", "rank 3 (trace test, 5 %)", ("rank_trace",),
          ("LFDI", "LEXS1", "LEXS2", "LGDP"), _rank),
    Claim("ect_negative", "4.3.2", "Deviations from equilibrium are corrected: the loadings ECT1 in ΔLEXS1 "
          "and ECT2 in ΔLEXS2 are negative and significant.", "ECT1 −1.37, ECT2 −0.86", ("ect",),
          ("LEXS1", "LEXS2"), _ect),
    Claim("weak_direct_effect", "4.3.2, 5.1.1", "FDI's direct effect on the export structure is weak "
          "(the '−0.0820' of FDI lagged one period on LEXS1; 'close to zero').", "−0.0820, 'close to zero'",
          ("short_run",), ("LFDI", "LEXS1"), _short_run),
    Claim("irf_signs", "4.5, 5.1.2", "An FDI shock lowers the share of mechanical and electrical exports "
          "(LEXS1) and raises that of general trade (LEXS2) in the short run.", "LEXS1 down, LEXS2 up",
          ("impact",), ("LFDI", "LEXS1", "LEXS2"), _signs),
    Claim("lag_reversal_convergence", "4.5, 5.1.2", "The responses show 'time lag—reversal—convergence': they "
          "reverse and converge to zero after period 6 (no permanent effect).", "converge to 0 after period 6",
          ("irf",), ("LFDI", "LEXS1", "LEXS2"), _convergence),
    Claim("fevd_majority", "4.6, 5.1.2", "At period 10 FDI explains more than half of the forecast-error "
          "variance of each export share.", "64.1 % of LEXS1, 55.4 % of LEXS2", ("fevd_last", "horizon"),
          ("LFDI", "LEXS1", "LEXS2"), _majority(["LEXS1", "LEXS2"])),
    Claim("fevd_rise", "4.6, 5.1.2", "FDI's share rises over the horizon and replaces the shares' own inertia.",
          "18.2 % → 64.1 % (LEXS1), 0.4 % → 55.4 % (LEXS2)", ("fevd_first", "fevd_last", "horizon"),
          ("LFDI", "LEXS1", "LEXS2"), _rise),
    Claim("low_end_lock_in", "5.1.2", "The 'foreign investment + processing trade' model has formed a "
          "low-end lock-in: limited technology spillover, core links controlled by foreign capital.",
          "interpretation", (), (), _lock_in),
    Claim("policy_screening", "5.2 (first)", "Premise of screening foreign capital for quality: FDI is linked "
          "with the export structure in the long run but has no direct optimising effect.",
          "rank 3; '−0.0820'", ("rank_used", "short_run"), ("LFDI", "LEXS1"), _screening),
    Claim("policy_general_trade", "5.2 (second)", "Premise of moving processing trade to general trade: the "
          "general-trade share is highly sensitive to FDI (over half its variance at period 10).",
          "55.4 % of LEXS2", ("fevd_last", "horizon"), ("LFDI", "LEXS2"), _sensitivity),
    Claim("policy_network", "5.2 (third)", "Premise of a foreign–local innovation network to hedge FDI "
          "fluctuations: FDI shocks move the export shares in the short run.", "short-run fluctuations",
          ("irf",), ("LFDI", "LEXS1", "LEXS2"), _fluctuations),
)
BY_ID = {c.id: c for c in CLAIMS}


def evaluate(record: Mapping) -> dict[str, Verdict]:
    """Every claim's verdict on one specification's record."""
    return {c.id: c.evaluate(record) for c in CLAIMS}


def verdict_table(record: Mapping) -> pd.DataFrame:
    """One row per claim: section, the claim, the study's figure, this record's verdict and why."""
    rows = [{"claim": c.statement, "section": c.section, "study": c.paper, "this run": v.outcome, "why": v.why}
            for c in CLAIMS for v in [c.evaluate(record)]]
    return pd.DataFrame(rows, index=pd.Index([c.id for c in CLAIMS], name="id"))


def robustness_table(records: Sequence[Mapping]) -> pd.DataFrame:
    """For each claim a grid record can speak to: in how many specifications it holds.

    Columns: the claim, the study's figure, counts of supports / contradicts / cannot speak, and
    "holds in" = supports as a percentage of the specifications that can speak to it ("–" in the
    display when none can).
    """
    rows = []
    for c in (c for c in CLAIMS if c.in_grid):
        outcomes = [c.evaluate(r).outcome for r in records]
        counts = {o: outcomes.count(o) for o in OUTCOMES}
        spoken = counts[SUPPORTS] + counts[CONTRADICTS]
        rows.append({"claim": c.statement, "study": c.paper, **counts,
                     "holds in (%)": 100 * counts[SUPPORTS] / spoken if spoken else np.nan})
    return pd.DataFrame(rows, index=pd.Index([c.id for c in CLAIMS if c.in_grid], name="id"))
