"""The stand-in dataset: a seeded simulation from a VECM calibrated to the study.

The study's yearbook series are not available, so the book runs by default on data
simulated from a known truth (``data/dongguan_standin.csv``, ``data/standin_truth.json``,
written by ``scripts/make_standin.py``). **These are not Dongguan's data.** The truth is

* K = 4 variables in the study's table order LEXS1, LEXS2, LFDI, LGDP (logs of the
  mechanical-electrical and general-trade export shares, FDI in 100 million USD and
  GDP in 100 million RMB), rank r = 3, one lagged difference (p = 1, EViews' default
  lag interval "1 1"), Johansen case 3 (unrestricted constant);
* β with identity normalisation: ECT_i = L_i − b_i·LGDP (i = LEXS1, LEXS2, LFDI), with
  long-run means c_i, so every series moves with LGDP in the long run; the steep equilibrium
  paths in ``EQUILIBRIUM`` make the shares load strongly on that common stochastic trend;
* α with the loadings the study interprets: −1.37 (ΔLEXS1 on ECT1), −0.86 (ΔLEXS2 on
  ECT2), and ΔLGDP adjusting to FDI's relation ECT3, so FDI's shocks drive much of the
  common trend; Γ with its short-run FDI coefficients: −0.082 (ΔLEXS1 on ΔLFDI(−1), our
  reading of the conclusion's "−0.0820"/"close to zero") and 0.05 (ΔLEXS2 on ΔLFDI(−1));
* Σ such that the period-1 variance decomposition and one-step S.E. of LEXS1 and LEXS2
  under the Cholesky order LFDI, LGDP, LEXS1, LEXS2 equal the study's Tables 4 and 5
  exactly (period-1 shares depend on Σ only: Lütkepohl 2005, sec. 2.3.3);
* a deterministic path (the data without shocks) on which every cointegrating relation
  holds and log GDP grows by ``GROWTH_FIRST`` in 1994, the growth decaying geometrically
  at rate ``GROWTH_PERSISTENCE`` towards ``GROWTH_LONG_RUN`` (least-squares fit, 1993 level
  fixed, to the medium-high-confidence public GDP figures).

The recursion starts from the deterministic path in 1993 and 1994 (the p + 1 initial
values, not part of the file), so 1995 is already random. The shocks are Gaussian with
covariance Σ from ``numpy.random.default_rng(seed)``. The shipped seed is **one draw out of
N_DRAWS chosen to resemble the study's results** by the rule of
:mod:`vecmbook.study.standin_draws` (``RULE``): agreement with the study on the default run is by
construction and no evidence about Dongguan.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from vecmbook.econometrics import vecm
from vecmbook.inputs.dataset import STANDIN
from vecmbook.paths import DATA_DIR, STANDIN_CSV
from vecmbook.study.paper import fevd_frame

TRUTH_JSON = DATA_DIR / "standin_truth.json"

VARIABLES = ["LEXS1", "LEXS2", "LFDI", "LGDP"]
COLUMNS = ["EXS1", "EXS2", "FDI", "GDP"]
UNITS = {"EXS1": "fraction of total exports", "EXS2": "fraction of total exports",
         "FDI": "100 million USD", "GDP": "100 million RMB"}
CHOLESKY_ORDER = ["LFDI", "LGDP", "LEXS1", "LEXS2"]
FIRST_YEAR, LAST_YEAR = 1995, 2024
LAGS, CASE, RANK = 1, 3, 3
INIT_YEAR = FIRST_YEAR - LAGS - 1  # the initial values (1993, 1994) are not written
SEED_BASE = 20240000
N_DRAWS = 200_000  # draws scored by the selection (scripts/make_standin.py)
SIG_DIGITS = 12  # parameters are rounded to this before simulating, so the JSON is the exact truth
CSV_FORMAT = "%.10g"

# --- calibration choices (see module docstring and data/README.md) -------------------------
GDP_INIT = 165.0            # 100 million RMB in 1993; no public figure, chosen with the path below
GROWTH_FIRST = 0.5157       # log growth of nominal GDP in 1994
GROWTH_LONG_RUN = 0.0875    # steady-state log growth of nominal GDP
GROWTH_PERSISTENCE = 0.75   # excess growth decays by this factor a year
#: equilibrium levels in 1995 and 2024 of the deterministic path (they fix b_i and c_i)
EQUILIBRIUM = {"EXS1": (0.20, 0.70), "EXS2": (0.03, 0.30), "FDI": (4.0, 50.0)}
SD_FDI, SD_GDP, CORR_FDI_GDP = 0.10, 0.015, 0.3   # one-step shock s.d. (log points) and correlation
#: signs of the Cholesky impact effects the shares do not determine: FDI lowers LEXS1 and
#: raises LEXS2 on impact (the study's reading of its impulse responses); GDP raises both;
#: a LEXS1 shock lowers LEXS2 (mechanical-electrical exports are mostly processing trade).
SIGNS = {"LEXS1": {"LFDI": -1, "LGDP": 1, "LEXS1": 1},
         "LEXS2": {"LFDI": 1, "LGDP": 1, "LEXS1": -1, "LEXS2": 1}}
ALPHA = np.array([      # rows ΔLEXS1, ΔLEXS2, ΔLFDI, ΔLGDP; columns ECT1, ECT2, ECT3
    [-1.37, 0.00, 0.00],
    [0.00, -0.86, 0.00],
    [0.00, 0.00, -0.90],
    [0.00, 0.00, 0.25],
])
#: short-run coefficients besides the common growth persistence: (equation, regressor) -> value
GAMMA_OWN = {("LEXS1", "LEXS1"): 0.10, ("LEXS1", "LFDI"): -0.082,
             ("LEXS2", "LEXS2"): 0.10, ("LEXS2", "LFDI"): 0.05,
             ("LFDI", "LFDI"): 0.20, ("LGDP", "LFDI"): 0.05}
# Public-figure closeness required of an accepted draw (log points, medium-high grade only).
TOLERANCE = {"GDP": 0.20, "FDI": 0.50}


def _round(a: np.ndarray | float) -> np.ndarray:
    """Round to SIG_DIGITS significant digits (so stored and simulated parameters agree)."""
    a = np.asarray(a, dtype=float)
    with np.errstate(divide="ignore"):
        mag = np.where(a == 0, 0, np.floor(np.log10(np.abs(np.where(a == 0, 1, a)))))
    scale = 10.0 ** (SIG_DIGITS - 1 - mag)
    return np.round(a * scale) / scale


def years() -> np.ndarray:
    return np.arange(FIRST_YEAR, LAST_YEAR + 1)


def deterministic_gdp() -> np.ndarray:
    """log GDP without shocks, INIT_YEAR..LAST_YEAR: growth GROWTH_FIRST decaying to GROWTH_LONG_RUN."""
    n = LAST_YEAR - INIT_YEAR
    growth = GROWTH_LONG_RUN + (GROWTH_FIRST - GROWTH_LONG_RUN) * GROWTH_PERSISTENCE ** np.arange(n)
    return np.log(GDP_INIT) + np.concatenate([[0.0], np.cumsum(growth)])


def cointegration() -> tuple[np.ndarray, np.ndarray]:
    """Slopes b and long-run means c of ECT_i = L_i − b_i LGDP (i = LEXS1, LEXS2, LFDI).

    Chosen so that the deterministic path passes through EQUILIBRIUM in 1995 and 2024.
    """
    lgdp = deterministic_gdp()
    first, last = lgdp[FIRST_YEAR - INIT_YEAR], lgdp[-1]
    b = np.array([np.log(v1 / v0) / (last - first) for v0, v1 in EQUILIBRIUM.values()])
    c = np.array([np.log(v0) for v0, _ in EQUILIBRIUM.values()]) - b * first
    return b, c


def calibrated_sigma() -> np.ndarray:
    """Σ (model order) whose Cholesky factor in CHOLESKY_ORDER reproduces Tables 4–5, period 1.

    Row i of the factor P holds the impact effects on variable i; its period-1 FEVD
    shares are P_ij² / Σ_ii and its one-step S.E. is √Σ_ii. For LEXS1 and LEXS2 the
    rows are therefore sign_j · S.E. · √(share_j / Σ shares); the rows of LFDI and LGDP
    use SD_FDI, SD_GDP and CORR_FDI_GDP.
    """
    order = CHOLESKY_ORDER
    p = np.zeros((4, 4))
    p[0, 0] = SD_FDI
    p[1, :2] = SD_GDP * np.array([CORR_FDI_GDP, np.sqrt(1 - CORR_FDI_GDP**2)])
    for response in ("LEXS1", "LEXS2"):
        row = fevd_frame(response).loc[1]
        shares = row[order].to_numpy(dtype=float)
        signs = np.array([SIGNS[response].get(v, 0) for v in order])
        p[order.index(response)] = signs * row["S.E."] * np.sqrt(shares / shares.sum())
    perm = [order.index(v) for v in VARIABLES]  # model position -> Cholesky position
    sigma_o = p @ p.T
    return sigma_o[np.ix_(perm, perm)]


def true_parameters() -> dict[str, np.ndarray]:
    """α, β, Γ, δ, Σ and the deterministic path's ingredients, rounded to SIG_DIGITS.

    Γ = ρ v e_GDP' + Γ0 with v = (b, 1) the long-run direction and Γ0 v = 0, so along
    the deterministic path growth deviations decay at rate ρ without disturbing any
    cointegrating relation. δ = (I − Γ) μ − α c puts the steady state at growth
    μ = g v with β'y = c (Lütkepohl 2005, sec. 6.4).
    """
    b, c = cointegration()
    v = np.append(b, 1.0)
    beta = np.vstack([np.eye(3), -b[None, :]])
    gamma0 = np.zeros((4, 4))
    for (eq, reg), value in GAMMA_OWN.items():
        gamma0[VARIABLES.index(eq), VARIABLES.index(reg)] = value
    gamma0[:, 3] -= gamma0[:, :3] @ v[:3]  # Γ0 v = 0
    gamma = GROWTH_PERSISTENCE * np.outer(v, np.eye(4)[3]) + gamma0
    mu = GROWTH_LONG_RUN * v
    delta = (np.eye(4) - gamma) @ mu - ALPHA @ c
    out = {"alpha": ALPHA, "beta": beta, "gamma": gamma, "delta": delta[:, None],
           "sigma": calibrated_sigma(), "ect_means": c, "growth": mu}
    return {k: _round(a) for k, a in out.items()}


def model(params: dict[str, np.ndarray]) -> vecm.VECMFit:
    return vecm.from_parameters(params["alpha"], params["beta"], params["gamma"], params["delta"],
                                params["sigma"], LAGS, CASE)


def initial_values(params: dict[str, np.ndarray]) -> np.ndarray:
    """The p + 1 = 2 initial observations (logs): the deterministic path in 1993 and 1994."""
    lgdp = deterministic_gdp()[: LAGS + 1]
    b = -params["beta"][3]
    return np.column_stack([b[i] * lgdp + params["ect_means"][i] for i in range(3)] + [lgdp])


def simulate_logs(params: dict[str, np.ndarray], seed: int, shocks_scale: float = 1.0) -> np.ndarray:
    """Log levels 1995–2024 for one seed (``shocks_scale=0`` gives the deterministic path)."""
    n_shocks = LAST_YEAR - FIRST_YEAR + 1
    z = np.random.default_rng(seed).standard_normal((n_shocks, 4))
    shocks = shocks_scale * z @ np.linalg.cholesky(params["sigma"]).T
    return vecm.simulate(model(params), initial_values(params), shocks)[LAGS + 1:]


def acceptance(levels: pd.DataFrame, anchors: pd.DataFrame) -> str:
    """Why a simulated draw is rejected ('' if accepted).

    Shares must lie strictly inside (0, 1); log GDP and log FDI must be within
    TOLERANCE of every medium-high-confidence public level of the same year.
    """
    for col in ("EXS1", "EXS2"):
        bad = levels.index[(levels[col] <= 0) | (levels[col] >= 1)]
        if len(bad):
            return f"{col} leaves (0, 1) in {bad[0]}"
    for col, tol in TOLERANCE.items():
        a = anchors[anchors["model_series"] == col]
        gap = np.abs(np.log(levels.loc[a["year"], col].to_numpy()) - np.log(a["value"].to_numpy()))
        if (gap > tol).any():
            return f"{col} more than {tol} log points from a public figure"
    return ""


def public_anchors() -> pd.DataFrame:
    """Plottable medium-high-confidence public GDP and FDI levels (see vecmbook.study.public)."""
    from vecmbook.study.public import load_public_figures

    pub = load_public_figures(include_study=False)
    keep = pub["plottable"] & (pub["confidence"] == "medium-high") & pub["model_series"].isin(list(TOLERANCE))
    return pub.loc[keep, ["year", "model_series", "value"]]


def to_levels(logs: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(np.exp(logs), index=pd.Index(years(), name="year"), columns=COLUMNS)


def generate(progress: bool = False, n_jobs: int = -1) -> tuple[pd.DataFrame, dict]:
    """The stand-in levels (DataFrame indexed by year) and the truth record for the JSON.

    Scores draws SEED_BASE .. SEED_BASE + N_DRAWS − 1 and ships the one that
    :func:`vecmbook.study.standin_draws.select` picks (rule: ``standin_draws.RULE``).
    """
    from vecmbook.study import standin_draws

    params = true_parameters()
    draws = standin_draws.score(params, N_DRAWS, n_jobs=n_jobs, progress=progress)
    row = standin_draws.select(draws)
    st = draws.stats
    seed = int(st.at[row, "seed"])
    levels = to_levels(simulate_logs(params, seed))
    chosen = st.loc[row, [c for c in standin_draws.SELECTION_STATS]].to_dict()
    fit = model(params)
    moduli = np.sort(np.abs(np.linalg.eigvals(fit.companion())))[::-1]
    record = {
        "description": "True parameters of the VECM that generated data/dongguan_standin.csv "
                       "(simulated stand-in data, NOT Dongguan's statistics). Written by scripts/make_standin.py.",
        "variables": VARIABLES, "columns": COLUMNS, "units": UNITS,
        "first_year": FIRST_YEAR, "last_year": LAST_YEAR,
        "lags": LAGS, "case": CASE, "rank": RANK,
        "seed": seed, "seed_base": SEED_BASE,
        "selection": {
            "rule": standin_draws.RULE,
            "draws_scored": N_DRAWS,
            "public_figure_tolerance_log_points": TOLERANCE,
            "draws_passing": standin_draws.stage_counts(st),
            "chosen": {k: round(float(v), 6) for k, v in chosen.items()},
            "note": "The shipped draw was chosen to resemble the study's results: agreement with the study on "
                    "the default run is by construction and is no evidence about Dongguan.",
        },
        "alpha": params["alpha"], "beta": params["beta"], "gamma": params["gamma"],
        "delta": params["delta"], "sigma": params["sigma"],
        "ect_means": params["ect_means"], "steady_state_growth": params["growth"],
        "initial_values": _round(initial_values(params)),
        "companion_moduli": _round(moduli),
        "calibration": {
            "cholesky_order": CHOLESKY_ORDER,
            "targets": "Tables 4 and 5, period 1 (S.E. and shares) of the study, data/paper_reported.json",
            "initial_years": [INIT_YEAR, INIT_YEAR + LAGS], "gdp_initial": GDP_INIT,
            "growth_first": GROWTH_FIRST, "growth_long_run": GROWTH_LONG_RUN,
            "growth_persistence": GROWTH_PERSISTENCE,
            "equilibrium_1995_2024": {k: list(v) for k, v in EQUILIBRIUM.items()},
            "sd_fdi": SD_FDI, "sd_gdp": SD_GDP, "corr_fdi_gdp": CORR_FDI_GDP, "impact_signs": SIGNS,
            "gamma_besides_growth_persistence": {f"{e} on {r}(-1)": x for (e, r), x in GAMMA_OWN.items()},
        },
    }
    return levels, _jsonable(record)


def _jsonable(obj):
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    return obj


def write(out_dir: str | Path = DATA_DIR, progress: bool = False, n_jobs: int = -1) -> tuple[Path, Path]:
    """Write ``dongguan_standin.csv`` and ``standin_truth.json`` into ``out_dir`` (byte-reproducible)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    levels, record = generate(progress, n_jobs)
    csv_path, json_path = out_dir / STANDIN_CSV.name, out_dir / TRUTH_JSON.name
    csv_path.write_text(levels.to_csv(float_format=CSV_FORMAT, lineterminator="\n"), encoding="utf-8")
    json_path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return csv_path, json_path


def truth_record(path: str | Path = TRUTH_JSON) -> dict:
    """The shipped truth as a dict (parameters as nested lists, plus seed and calibration)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def truth_comparable(kind: str, names: Sequence[str], rank: int | None = None,
                     path: str | Path = TRUTH_JSON) -> bool:
    """Whether this run's estimates can be set beside the stand-in's truth.

    Needs the stand-in data and the truth's (logged) variables; with ``rank`` given, also
    the same variables in the same order and the true rank, since β is normalised on its
    first r rows and α, β are only comparable under one normalisation (Johansen 1995, ch. 13).
    """
    rec = truth_record(path)
    if kind != STANDIN or set(names) != set(rec["variables"]):
        return False
    return rank is None or (list(names) == rec["variables"] and rank == rec["rank"])


def truth(path: str | Path = TRUTH_JSON) -> vecm.VECMFit:
    """The true VECM of the stand-in as a :class:`~vecmbook.econometrics.vecm.VECMFit` (no data attached).

    E.g. ``truth().alpha[0, 0] == -1.37``; ``truth().companion()`` for its roots.
    """
    rec = truth_record(path)
    return vecm.from_parameters(*(np.array(rec[k]) for k in ("alpha", "beta", "gamma", "delta", "sigma")),
                                lags=rec["lags"], case=rec["case"])


def truth_tables(path: str | Path = TRUTH_JSON) -> dict[str, pd.DataFrame]:
    """α, β, Γ, δ and Σ of the truth as labelled DataFrames (for display beside estimates)."""
    rec = truth_record(path)
    v, ect = rec["variables"], [f"ECT{i + 1}" for i in range(rec["rank"])]
    d = [f"D({x})" for x in v]
    return {
        "alpha": pd.DataFrame(rec["alpha"], index=d, columns=ect),
        "beta": pd.DataFrame(rec["beta"], index=v, columns=ect),
        "gamma": pd.DataFrame(rec["gamma"], index=d, columns=[f"D({x}(-1))" for x in v]),
        "delta": pd.DataFrame(rec["delta"], index=d, columns=["const"]),
        "sigma": pd.DataFrame(rec["sigma"], index=v, columns=v),
    }


def unit_root_truth(results: Sequence, kind: str, names: Sequence[str],
                    path: str | Path = TRUTH_JSON) -> pd.DataFrame | None:
    """Each unit-root verdict beside the known truth (None when the run is not on the stand-in's
    variables): in the truth every variable is I(1) (rank K − 1 = 3 with one unit root in the
    companion matrix), so a level "stationary" or a difference "unit root" contradicts it.

    ``results`` are :class:`vecmbook.econometrics.unitroot.UnitRootResult` of this run, KPSS included (its
    verdict already reverses the null).
    """
    if not truth_comparable(kind, names, path=path):
        return None
    rows = []
    for r in results:
        truth_says = "unit root" if r.form == "level" else "stationary"
        rows.append({"series": r.label, "test": r.test, "p-value": r.pvalue, "verdict": r.verdict,
                     "truth": truth_says, "contradicts the truth": r.verdict != truth_says})
    return pd.DataFrame(rows)
