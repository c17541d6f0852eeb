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
#: crisis years whose impulse dummies chapter 03 tries on the run's data (global financial
#: crisis, COVID-19)
DEFAULT_COMPARE_IMPULSE = ["2009", "2020"]


class ParameterError(ValueError):
    """A run parameter is invalid; the message names it."""


@dataclass
class RunParameters:
    """All parameters of one run of the book (defaults reproduce the study's choices).

    ``lags`` is the number of lagged *differences* in the VECM (EViews lag interval
    "1 lags", statsmodels ``k_ar_diff``; R ``ca.jo`` K = lags + 1). ``rank`` is an
    integer or ``"auto"`` (sequential trace test at 5 %). ``deterministic`` is the
    Johansen/EViews case 1..5. ``seasonal``, ``impulse`` and ``exog`` are the unrestricted
    exogenous block (:mod:`vecmbook.econometrics.exog`); ``compare_impulse`` the periods whose impulse
    dummies chapter 03 adds, for comparison, to the run's model.
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
    compare_impulse: list[str] = field(default_factory=lambda: list(DEFAULT_COMPARE_IMPULSE))

    def notebook_values(self) -> dict:
        """Plain values for papermill (paths absolute so notebooks run from any cwd)."""
        values = asdict(self)
        values["data"] = str(Path(self.data).resolve())
        return values


def positive_int(name: str, minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"--{name} must be an integer, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"--{name} must be >= {minimum}, got {value}")
        return value

    return parse


def rank_arg(text: str) -> int | str:
    if text == "auto":
        return text
    return positive_int("rank", 0)(text)


def _case(text: str) -> int:
    value = positive_int("deterministic", 1)(text)
    if value not in CASES:
        raise argparse.ArgumentTypeError(f"--deterministic must be one of 1..5, got {value}")
    return value


def names_arg(option: str):
    def parse(text: str) -> list[str]:
        names = [n.strip() for n in text.split(",")]
        if not all(names):
            raise argparse.ArgumentTypeError(f"--{option} needs comma-separated names, got {text!r}")
        if len(set(names)) != len(names):
            raise argparse.ArgumentTypeError(f"--{option} repeats a name: {text!r}")
        return names

    return parse


def level_arg(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--level must be a number, got {text!r}") from None
    if not 0.5 <= value < 1:
        raise argparse.ArgumentTypeError(f"--level must be in [0.5, 1), got {value}")
    return value


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports errors as one line and exit code 2 (no usage dump)."""

    def error(self, message: str):  # type: ignore[override]
        raise ParameterError(message)


def build_parser() -> argparse.ArgumentParser:
    d = RunParameters()
    p = OneLineParser(prog="python -m vecmbook run", description="Run the whole analysis and build the book.")
    p.add_argument("--data", default=d.data, help="CSV: first column the period, others numeric "
                   "(default: the shipped stand-in data/dongguan_standin.csv)")
    p.add_argument("--vars", type=names_arg("vars"), default=d.vars,
                   help="model variables in order (default: EXS1,EXS2,FDI,GDP)")
    p.add_argument("--transform", choices=["log", "none"], default=d.transform,
                   help="log: variables are analysed as L<name> (default: log)")
    p.add_argument("--lags", type=positive_int("lags", 0), default=d.lags,
                   help="lagged differences in the VECM (EViews '1 P'; R ca.jo K=P+1; default 1)")
    p.add_argument("--rank", type=rank_arg, default=None,
                   help="cointegration rank, or 'auto' for the sequential trace test at 5%% "
                        "(default 3, the study's; with K variables from --vars: min(3, K-1))")
    p.add_argument("--deterministic", type=_case, default=d.deterministic,
                   help="Johansen case: 1 none, 2 restricted constant, 3 unrestricted constant, "
                        "4 restricted trend, 5 unrestricted trend (default 3)")
    p.add_argument("--ordering", type=names_arg("ordering"), default=None,
                   help="Cholesky order for IRF/FEVD (default FDI,GDP,EXS1,EXS2 for the default "
                        "variables, otherwise the order of --vars)")
    p.add_argument("--horizon", type=positive_int("horizon", 1), default=d.horizon,
                   help="periods for impulse responses and variance decomposition (default 10)")
    p.add_argument("--boot", type=positive_int("boot", 0), default=d.boot,
                   help="bootstrap replications for bands and the rank test (0 = none; default 1000)")
    p.add_argument("--seed", type=positive_int("seed", 0), default=d.seed, help="random seed")
    p.add_argument("--level", type=level_arg, default=d.level, help="confidence level of bands (default 0.95)")
    p.add_argument("--start", default=None, help="first period of the sample (default: first in the file)")
    p.add_argument("--end", default=None, help="last period of the sample (default: last in the file)")
    p.add_argument("--seasonal", action="store_true",
                   help="centred seasonal dummies (quarterly data; as R ca.jo(season=4))")
    p.add_argument("--impulse", type=names_arg("impulse"), default=[], metavar="P1,P2",
                   help="impulse dummies, 1 in each named period (e.g. 2009,2020), unrestricted")
    p.add_argument("--exog", type=names_arg("exog"), default=[], metavar="COL1,COL2",
                   help="further data columns entering every equation unrestricted, untransformed "
                        "(stationary); tabulated rank-test p-values then do not apply")
    p.add_argument("--compare-impulse", type=names_arg("compare-impulse"), default=d.compare_impulse,
                   metavar="P1,P2", help="periods whose impulse dummies chapter 03 adds for comparison "
                                         "(default 2009,2020)")
    p.add_argument("--out", default=str(REPO / "_build"), help="output folder (default _build)")
    p.add_argument("--no-html", action="store_true", help="execute notebooks and write results; skip the HTML")
    p.add_argument("--strict", action="store_true", help="treat Sphinx warnings as errors (-W --keep-going)")
    p.add_argument("--keep-failed", action="store_true",
                   help="after a failure, keep the staging folder (and the failed chapter's executed "
                        "notebook) for inspection instead of removing it")
    return p


def default_ordering(variables: list[str]) -> list[str]:
    """The Cholesky order used when none is given: the study's for its variables, else ``variables``."""
    return list(DEFAULT_ORDERING) if variables == DEFAULT_VARS else list(variables)


def parse_args(argv: list[str]) -> tuple[RunParameters, argparse.Namespace]:
    """Parse ``run`` options into :class:`RunParameters` (raises ParameterError)."""
    ns = build_parser().parse_args(argv)
    ordering = ns.ordering or default_ordering(ns.vars)
    rank = ns.rank if ns.rank is not None else min(RunParameters.rank, len(ns.vars) - 1)
    params = RunParameters(
        data=ns.data, vars=ns.vars, transform=ns.transform, lags=ns.lags, rank=rank,
        deterministic=ns.deterministic, ordering=ordering, horizon=ns.horizon, boot=ns.boot,
        seed=ns.seed, level=ns.level, start=ns.start, end=ns.end, seasonal=ns.seasonal,
        impulse=ns.impulse, exog=ns.exog, compare_impulse=ns.compare_impulse,
    )
    if len(params.ordering) != len(params.vars):
        raise ParameterError(
            f"--ordering must name each of the {len(params.vars)} variables once, got {len(params.ordering)}"
        )
    return params, ns
