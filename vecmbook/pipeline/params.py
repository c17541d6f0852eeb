"""Run parameters: command-line parsing, defaults and validation.

Every knob of the book lives here once; the runner passes the validated values to
the notebooks (each takes the subset its ``parameters`` cell declares) and records
them in ``parameters.json`` and ``results.json``.
"""
from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass, field
from pathlib import Path

from vecmbook.econometrics.johansen import CASES
from vecmbook.paths import REPO, STANDIN_CSV

DEFAULT_DATA = STANDIN_CSV
DEFAULT_VARS = ["EXS1", "EXS2", "FDI", "GDP"]
DEFAULT_ORDERING = ["FDI", "GDP", "EXS1", "EXS2"]
#: crisis years whose impulse dummies chapter 3 tries on the run's data (global financial
#: crisis, COVID-19)
DEFAULT_COMPARE_IMPULSE = ["2009", "2020"]


LAG_CRITERIA = ["aic", "bic", "hq", "fpe"]


class ParameterError(ValueError):
    """A run parameter is invalid; the message names it."""


@dataclass
class RunParameters:
    """All parameters of one run of the book (defaults reproduce the study's choices).

    ``lags`` is the number of lagged *differences* in the VECM (EViews lag interval
    "1 lags", statsmodels ``k_ar_diff``; R ``ca.jo`` K = lags + 1). ``rank`` is an
    integer or ``"auto"`` (sequential trace test at 5 %). ``deterministic`` is the
    Johansen/EViews case 1..5. ``seasonal``, ``impulse`` and ``exog`` are the unrestricted
    exogenous block (:mod:`vecmbook.econometrics.exog`), ``shift`` the level shifts (step
    restricted to the cointegration space, impulses unrestricted; Johansen, Mosconi & Nielsen
    2000); ``compare_impulse`` the periods whose impulse dummies chapter 3 adds, for comparison,
    to the run's model. The remaining choices were
    fixed in chapter code before: ``dof_adjust`` divides the residual covariance behind
    IRF/FEVD by T − (regressors per equation) rather than T (EViews' and JMulTi's convention;
    Lütkepohl 2005, sec. 3.3); ``lag_criterion`` is the information criterion whose levels-VAR
    order chapter 2 suggests as the VECM's lags; ``size_reps`` the replications of chapter 4's
    LR-size simulation; ``mc_reps`` and ``sim_obs`` the replications and sample length of
    chapter 9's Monte Carlo study (30, the study's sample). The ``grid_*`` parameters span
    chapter 7's small specification grid around the run (``None``: its default list, see
    :func:`vecmbook.pipeline.grid.chapter_spec`; ``grid_orderings`` also ``"all"``), with
    ``grid_boot`` bootstrap replications per specification.
    """

    data: str = str(DEFAULT_DATA)
    vars: list[str] = field(default_factory=lambda: list(DEFAULT_VARS))
    transform: str = "log"
    lags: int = 1
    rank: int | str = 3
    deterministic: int = 3
    ordering: list[str] = field(default_factory=lambda: list(DEFAULT_ORDERING))
    horizon: int = 10
    boot: int = 1000
    seed: int = 20250101
    level: float = 0.95
    start: str | None = None
    end: str | None = None
    seasonal: bool = False
    impulse: list[str] = field(default_factory=list)
    exog: list[str] = field(default_factory=list)
    shift: list[str] = field(default_factory=list)
    compare_impulse: list[str] = field(default_factory=lambda: list(DEFAULT_COMPARE_IMPULSE))
    dof_adjust: bool = True
    lag_criterion: str = "aic"
    size_reps: int = 1000
    mc_reps: int = 500
    sim_obs: int = 30
    grid_lags: list[int] | None = None
    grid_deterministic: list[int] | None = None
    grid_orderings: list[list[str]] | str | None = None
    grid_starts: list[str] | None = None
    grid_ends: list[str] | None = None
    grid_boot: int = 100

    def notebook_values(self) -> dict:
        """Plain values for papermill (paths absolute so notebooks run from any cwd)."""
        values = asdict(self)
        values["data"] = str(Path(self.data).resolve())
        return values


def _positive_int(name: str, minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"--{name} must be an integer, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"--{name} must be >= {minimum}, got {value}")
        return value

    return parse


def _rank(text: str) -> int | str:
    if text == "auto":
        return text
    return _positive_int("rank", 0)(text)


def _case(text: str) -> int:
    value = _positive_int("deterministic", 1)(text)
    if value not in CASES:
        raise argparse.ArgumentTypeError(f"--deterministic must be one of 1..5, got {value}")
    return value


def _names(option: str):
    def parse(text: str) -> list[str]:
        names = [n.strip() for n in text.split(",")]
        if not all(names):
            raise argparse.ArgumentTypeError(f"--{option} needs comma-separated names, got {text!r}")
        if len(set(names)) != len(names):
            raise argparse.ArgumentTypeError(f"--{option} repeats a name: {text!r}")
        return names

    return parse


def _level(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--level must be a number, got {text!r}") from None
    if not 0.5 <= value < 1:
        raise argparse.ArgumentTypeError(f"--level must be in [0.5, 1), got {value}")
    return value


def _int_list(option: str, minimum: int, allowed: list[int] | None = None):
    """Comma-separated distinct integers >= ``minimum`` (and in ``allowed``)."""
    one = _positive_int(option, minimum)

    def parse(text: str) -> list[int]:
        values = [one(t.strip()) for t in text.split(",")]
        if allowed is not None and (bad := [v for v in values if v not in allowed]):
            raise argparse.ArgumentTypeError(f"--{option} must list values in {min(allowed)}..{max(allowed)}, "
                                             f"got {bad[0]}")
        if len(set(values)) != len(values):
            raise argparse.ArgumentTypeError(f"--{option} repeats a value: {text!r}")
        return values

    return parse


def _orderings(option: str):
    """``all``, ``default``, or Cholesky orderings separated by ``;``, each comma-separated names."""
    def parse(text: str) -> str | list[list[str]]:
        if text in ("all", "default"):
            return text
        orders = [_names(option)(part) for part in text.split(";")]
        if len({tuple(o) for o in orders}) != len(orders):
            raise argparse.ArgumentTypeError(f"--{option} repeats an ordering: {text!r}")
        return orders

    return parse


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports errors as one line and exit code 2 (no usage dump)."""

    def error(self, message: str):  # type: ignore[override]
        raise ParameterError(message)


def build_parser() -> argparse.ArgumentParser:
    d = RunParameters()
    p = OneLineParser(prog="python -m vecmbook run", description="Run the whole analysis and build the book.")
    p.add_argument("--data", default=d.data, help="CSV: first column the period, others numeric "
                   "(default: the shipped stand-in data/dongguan_standin.csv)")
    p.add_argument("--vars", type=_names("vars"), default=d.vars,
                   help="model variables in order (default: EXS1,EXS2,FDI,GDP)")
    p.add_argument("--transform", choices=["log", "none"], default=d.transform,
                   help="log: variables are analysed as L<name> (default: log)")
    p.add_argument("--lags", type=_positive_int("lags", 0), default=d.lags,
                   help="lagged differences in the VECM (EViews '1 P'; R ca.jo K=P+1; default 1)")
    p.add_argument("--rank", type=_rank, default=None,
                   help="cointegration rank, or 'auto' for the sequential trace test at 5%% "
                        "(default 3, the study's; with K variables from --vars: min(3, K-1))")
    p.add_argument("--deterministic", type=_case, default=d.deterministic,
                   help="Johansen case: 1 none, 2 restricted constant, 3 unrestricted constant, "
                        "4 restricted trend, 5 unrestricted trend (default 3)")
    p.add_argument("--ordering", type=_names("ordering"), default=None,
                   help="Cholesky order for IRF/FEVD (default FDI,GDP,EXS1,EXS2 for the default "
                        "variables, otherwise the order of --vars)")
    p.add_argument("--horizon", type=_positive_int("horizon", 1), default=d.horizon,
                   help="periods for impulse responses and variance decomposition (default 10)")
    p.add_argument("--boot", type=_positive_int("boot", 0), default=d.boot,
                   help="bootstrap replications for bands and the rank test (0 = none; default 1000)")
    p.add_argument("--seed", type=_positive_int("seed", 0), default=d.seed, help="random seed")
    p.add_argument("--level", type=_level, default=d.level, help="confidence level of bands (default 0.95)")
    p.add_argument("--start", default=None, help="first period of the sample (default: first in the file)")
    p.add_argument("--end", default=None, help="last period of the sample (default: last in the file)")
    p.add_argument("--seasonal", action="store_true",
                   help="centred seasonal dummies (quarterly data; as R ca.jo(season=4))")
    p.add_argument("--impulse", type=_names("impulse"), default=[], metavar="P1,P2",
                   help="impulse dummies, 1 in each named period (e.g. 2009,2020), unrestricted")
    p.add_argument("--exog", type=_names("exog"), default=[], metavar="COL1,COL2",
                   help="further data columns entering every equation unrestricted, untransformed "
                        "(stationary); tabulated rank-test p-values then do not apply")
    p.add_argument("--shift", type=_names("shift"), default=[], metavar="P1,P2",
                   help="level shifts from each named period on (Johansen-Mosconi-Nielsen 2000): the step "
                        "restricted to the cointegration space, its impulses unrestricted; cases 2-4 "
                        "only; tabulated rank-test p-values then do not apply")
    p.add_argument("--compare-impulse", type=_names("compare-impulse"), default=d.compare_impulse,
                   metavar="P1,P2", help="periods whose impulse dummies chapter 3 adds for comparison "
                                         "(default 2009,2020)")
    p.add_argument("--no-dof-adjust", dest="dof_adjust", action="store_false",
                   help="IRF/FEVD residual covariance divided by T instead of T minus the regressors "
                        "per equation (the default, as EViews and JMulTi)")
    p.add_argument("--lag-criterion", choices=LAG_CRITERIA, default=d.lag_criterion,
                   help="criterion whose levels-VAR order chapter 2 suggests as the VECM lags (default aic)")
    p.add_argument("--size-reps", type=_positive_int("size-reps", 1), default=d.size_reps,
                   help="replications of chapter 4's LR-size simulation (default 1000)")
    p.add_argument("--mc-reps", type=_positive_int("mc-reps", 1), default=d.mc_reps,
                   help="replications of chapter 9's Monte Carlo study (default 500)")
    p.add_argument("--sim-obs", type=_positive_int("sim-obs", 10), default=d.sim_obs,
                   help="sample length of chapter 9's simulated samples (default 30, the study's)")
    p.add_argument("--grid-lags", type=_int_list("grid-lags", 0), default=None, metavar="P1,P2",
                   help="chapter 7's grid: lag orders (default: the run's lags - 1 .. + 1)")
    p.add_argument("--grid-deterministic", type=_int_list("grid-deterministic", 1, list(CASES)), default=None,
                   metavar="C1,C2", help="chapter 7's grid: deterministic cases (default 2,3,4)")
    p.add_argument("--grid-orderings", type=_orderings("grid-orderings"), default=None, metavar="O1;O2",
                   help="chapter 7's grid: 'all', 'default' or orderings separated by ';' (default: the run's "
                        "and the others consistent with the study's period-1 variance shares)")
    p.add_argument("--grid-starts", type=_names("grid-starts"), default=None, metavar="P1,P2",
                   help="chapter 7's grid: first periods of the windows (default: the run's first and 5 later)")
    p.add_argument("--grid-ends", type=_names("grid-ends"), default=None, metavar="P1,P2",
                   help="chapter 7's grid: last periods of the windows (default: 5 before the run's last, and it)")
    p.add_argument("--grid-boot", type=_positive_int("grid-boot", 0), default=d.grid_boot,
                   help="chapter 7's grid: bootstrap replications per specification (default 100)")
    p.add_argument("--jobs", type=_positive_int("jobs", 1), default=None,
                   help="chapters executed at once (default: the number of cores)")
    p.add_argument("--fresh-kernels", action="store_true",
                   help="start a kernel for every chapter instead of reusing one per worker (slower; "
                        "shows that no chapter depends on what another left in its kernel)")
    p.add_argument("--out", default=str(REPO / "_build"), help="output folder (default _build)")
    p.add_argument("--no-html", action="store_true", help="execute notebooks and write results; skip the HTML")
    p.add_argument("--strict", action="store_true", help="treat Sphinx warnings as errors (-W --keep-going)")
    p.add_argument("--keep-failed", action="store_true",
                   help="after a failure, keep the staging folder (and the failed chapter's executed "
                        "notebook) for inspection instead of removing it")
    return p


def default_ordering(vars: list[str]) -> list[str]:
    """The Cholesky order when none is given: the study's for its variables, else ``vars``' order."""
    return list(DEFAULT_ORDERING) if list(vars) == DEFAULT_VARS else list(vars)


def default_rank(vars: list[str]) -> int:
    """The rank when none is given: the study's 3, at most K − 1."""
    return min(RunParameters.rank, len(vars) - 1)


def parse_args(argv: list[str]) -> tuple[RunParameters, argparse.Namespace]:
    """Parse ``run`` options into :class:`RunParameters` (raises ParameterError)."""
    ns = build_parser().parse_args(argv)
    ordering = ns.ordering or default_ordering(ns.vars)
    rank = ns.rank if ns.rank is not None else default_rank(ns.vars)
    params = RunParameters(
        data=ns.data, vars=ns.vars, transform=ns.transform, lags=ns.lags, rank=rank,
        deterministic=ns.deterministic, ordering=ordering, horizon=ns.horizon, boot=ns.boot,
        seed=ns.seed, level=ns.level, start=ns.start, end=ns.end, seasonal=ns.seasonal,
        impulse=ns.impulse, exog=ns.exog, shift=ns.shift, compare_impulse=ns.compare_impulse,
        dof_adjust=ns.dof_adjust,
        lag_criterion=ns.lag_criterion, size_reps=ns.size_reps, mc_reps=ns.mc_reps, sim_obs=ns.sim_obs,
        grid_lags=ns.grid_lags, grid_deterministic=ns.grid_deterministic, grid_orderings=ns.grid_orderings,
        grid_starts=ns.grid_starts, grid_ends=ns.grid_ends, grid_boot=ns.grid_boot,
    )
    if len(params.ordering) != len(params.vars):
        raise ParameterError(
            f"--ordering must name each of the {len(params.vars)} variables once, got {len(params.ordering)}"
        )
    return params, ns
