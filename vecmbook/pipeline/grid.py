"""``python -m vecmbook grid``: the study's model under every combination of reasonable choices.

A grid is the product of lag orders, deterministic cases (Johansen 1995, ch. 5), Cholesky
orderings (Lütkepohl 2005, sec. 2.3.2) and sample windows. Each distinct (lags, case, sample) is
validated and estimated once, as a single run of it would be (:func:`validation.validate`,
:class:`analysis.Context`); its orderings reuse the fit, and one batched bootstrap re-estimation
serves all of them (:func:`bootstrap.last_share_bands`). Groups run in parallel through joblib,
on local cores or, with ``--backend dask``, on a Dask cluster. A specification whose sample is
too short (or that a run would refuse) stays in the grid as ``"infeasible"`` with the run's reason.
"""
from __future__ import annotations

import argparse
import csv
import io
import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from vecmbook.econometrics import bootstrap, fevd, inference, irf
from vecmbook.econometrics.johansen import CASES
from vecmbook.inputs import dataset as datamod
from vecmbook.paths import REPO
from vecmbook.pipeline import cache, results
from vecmbook.pipeline.analysis import Context
from vecmbook.pipeline.params import (  # the run's own option parsers, so both commands read options alike
    OneLineParser,
    ParameterError,
    RunParameters,
    _int_list,
    _level,
    _names,
    _orderings,
    _positive_int,
    _rank,
    default_ordering,
    default_rank,
)
from vecmbook.pipeline.validation import validate

SCHEMA_VERSION = 1
BACKENDS = ("loky", "dask")
#: the run parameters every specification of a grid shares (the others are spanned or do not enter)
SHARED = ("data", "vars", "transform", "rank", "horizon", "boot", "seed", "level", "seasonal", "impulse", "exog",
          "shift", "dof_adjust")
#: the fields every record has, in the order of grid.csv's first columns
KEYS = ["lags", "deterministic", "ordering", "start", "end", "horizon", "status", "reason", "nobs",
        "rank_trace", "rank_used"]


@dataclass(frozen=True)
class GridSpec:
    """The grid: a run's parameters (data, variables, rank, horizon, bootstrap, exogenous terms)
    and the lists whose product gives the specifications.

    ``orderings``: Cholesky orders as names (file or model names, as ``--ordering`` takes them);
    ``starts`` / ``ends``: period labels, ``None`` for the first / last period of the data.
    """

    base: RunParameters
    lags: list[int]
    deterministic: list[int]
    orderings: list[list[str]]
    starts: list[str | None] = field(default_factory=lambda: [None])
    ends: list[str | None] = field(default_factory=lambda: [None])

    @property
    def size(self) -> int:
        return len(self.lags) * len(self.deterministic) * len(self.orderings) * len(self.starts) * len(self.ends)


def build_parser() -> argparse.ArgumentParser:
    d = RunParameters()
    p = OneLineParser(prog="python -m vecmbook grid",
                      description="Estimate the model under every combination of lags, deterministic case, "
                                  "Cholesky ordering and sample window; write grid.json and grid.csv.")
    p.add_argument("--data", default=d.data, help="CSV as for run (default: the shipped stand-in)")
    p.add_argument("--vars", type=_names("vars"), default=d.vars, help="model variables (default EXS1,EXS2,FDI,GDP)")
    p.add_argument("--transform", choices=["log", "none"], default=d.transform, help="as for run (default log)")
    p.add_argument("--lags", type=_int_list("lags", 0), default=[d.lags],
                   help="lagged differences, comma-separated (e.g. 0,1,2,3; default 1)")
    p.add_argument("--deterministic", type=_int_list("deterministic", 1, list(CASES)), default=[d.deterministic],
                   help="Johansen cases, comma-separated (e.g. 1,2,3,4,5; default 3)")
    p.add_argument("--orderings", type=_orderings("orderings"), default="default",
                   help="'all' (every permutation), 'default' (run's default ordering) or orderings separated by "
                        "';', e.g. 'FDI,GDP,EXS1,EXS2;GDP,FDI,EXS1,EXS2'")
    p.add_argument("--starts", type=_names("starts"), default=[None],
                   help="first periods of the sample windows, comma-separated (default: the data's first)")
    p.add_argument("--ends", type=_names("ends"), default=[None],
                   help="last periods of the sample windows, comma-separated (default: the data's last)")
    p.add_argument("--rank", type=_rank, default=None,
                   help="cointegration rank used, or 'auto' (sequential trace test at 5%%; default as for run)")
    p.add_argument("--horizon", type=_positive_int("horizon", 1), default=d.horizon,
                   help="FEVD period recorded as fevd_last (default 10)")
    p.add_argument("--boot", type=_positive_int("boot", 0), default=200,
                   help="bootstrap replications for the fevd_last intervals (0 = none; default 200)")
    p.add_argument("--seed", type=_positive_int("seed", 0), default=d.seed, help="random seed (as for run)")
    p.add_argument("--level", type=_level, default=d.level, help="interval level (default 0.95)")
    p.add_argument("--seasonal", action="store_true", help="centred seasonal dummies (as for run)")
    p.add_argument("--impulse", type=_names("impulse"), default=[], metavar="P1,P2",
                   help="impulse dummies in every specification (as for run)")
    p.add_argument("--exog", type=_names("exog"), default=[], metavar="COL1,COL2",
                   help="exogenous columns in every specification (as for run)")
    p.add_argument("--no-dof-adjust", dest="dof_adjust", action="store_false",
                   help="impact responses with the residual covariance divided by T (as for run)")
    p.add_argument("--backend", choices=BACKENDS, default="loky",
                   help="joblib backend: loky (local cores, default) or dask (a dask.distributed cluster)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --backend dask: the scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    p.add_argument("--jobs", type=_positive_int("jobs", 1), default=None,
                   help="parallel workers with --backend loky (default: all cores)")
    p.add_argument("--out", default=str(REPO / "_grid"), help="output folder (default _grid)")
    return p


def parse_args(argv: list[str]) -> tuple[GridSpec, argparse.Namespace]:
    """Parse ``grid`` options (raises ParameterError); orderings are checked against the data later."""
    ns = build_parser().parse_args(argv)
    if ns.scheduler is not None and ns.backend != "dask":
        raise ParameterError("--scheduler needs --backend dask")
    rank = ns.rank if ns.rank is not None else default_rank(ns.vars)
    ordering = default_ordering(ns.vars)
    base = RunParameters(data=ns.data, vars=ns.vars, transform=ns.transform, lags=ns.lags[0], rank=rank,
                         deterministic=ns.deterministic[0], ordering=ordering, horizon=ns.horizon,
                         boot=ns.boot, seed=ns.seed, level=ns.level, seasonal=ns.seasonal,
                         impulse=ns.impulse, exog=ns.exog, dof_adjust=ns.dof_adjust)
    orderings = [ordering] if ns.orderings == "default" else ns.orderings
    if ns.orderings == "all":
        orderings = [list(o) for o in itertools.permutations(ns.vars)]
    for order in orderings:
        if len(order) != len(ns.vars):
            raise ParameterError(f"--orderings: each ordering must name the {len(ns.vars)} variables once, "
                                 f"got {','.join(order)}")
    spec = GridSpec(base=base, lags=ns.lags, deterministic=ns.deterministic, orderings=orderings,
                    starts=ns.starts, ends=ns.ends)
    return spec, ns


def _label(text: str | None, ds: datamod.Dataset, option: str) -> str:
    """A sample bound as the data label it names (its first / last period when ``None``)."""
    if text is None:
        return ds.first_period if option == "starts" else ds.last_period
    parsed = datamod.parse_period(str(text).strip())
    label = None if parsed is None else datamod.period_label(*parsed)
    if label not in ds.periods:
        raise datamod.DataError(f"{Path(ds.path).name}: --{option} {text} is not a period of the data "
                                f"({ds.first_period}–{ds.last_period})")
    return label


def resolve(spec: GridSpec) -> tuple[GridSpec, list[list[int]], list[str]]:
    """Check the grid against the whole data file (raises DataError / ParameterError): sample bounds as
    data labels, orderings as indices into the model variables, which are returned too."""
    full = validate(replace(spec.base, lags=0, deterministic=1, rank=0))
    names = list(full.frame.columns)
    orders = [datamod.check_ordering(o, names, spec.base.transform) for o in spec.orderings]
    if len({tuple(o) for o in orders}) != len(orders):
        raise ParameterError("--orderings names the same ordering twice")
    starts = [_label(s, full, "starts") for s in spec.starts]
    ends = [_label(e, full, "ends") for e in spec.ends]
    for option, labels in (("starts", starts), ("ends", ends)):
        if len(set(labels)) != len(labels):
            raise ParameterError(f"--{option} names the same period twice")
    return replace(spec, starts=starts, ends=ends), orders, names


def _period(label: str) -> int | str:
    """A period label as grid.json spells it: an int for annual data, else the label."""
    return int(label) if label.isdigit() else label


def _by_name(a: np.ndarray, rows: Sequence[str], columns: Sequence[str]) -> dict:
    return {r: {c: float(a[i, j]) for j, c in enumerate(columns)} for i, r in enumerate(rows)}


def estimate_group(base: RunParameters, lags: int, case: int, start: str, end: str,
                   orders: list[list[int]], names: list[str]) -> list[dict]:
    """The records of one (lags, case, sample), one per ordering in ``orders`` (indices into the
    model variables ``names``).

    Validated and estimated exactly as ``run`` with these parameters would be; a specification
    ``run`` would refuse (too few observations, a rank the sample cannot carry, ``--rank auto``
    picking full rank) gives records with status ``"infeasible"`` and the refusal as ``reason``.
    Computed without the run's cache (:func:`cache.off`): each specification is needed once.
    """
    with cache.off():
        return _estimate_group(replace(base, lags=lags, deterministic=case, start=start, end=end), orders, names)


def _estimate_group(params: RunParameters, orders: list[list[int]], names: list[str]) -> list[dict]:
    lags, case, start, end = params.lags, params.deterministic, params.start, params.end
    head = {"lags": lags, "deterministic": case, "start": _period(start), "end": _period(end),
            "horizon": params.horizon}
    try:
        ctx = Context(params=params, dataset=validate(params))
    except (datamod.DataError, ParameterError) as exc:
        return [head | {"ordering": [names[i] for i in o], "status": "infeasible", "reason": str(exc)}
                for o in orders]
    try:
        return _records(ctx, params, head, orders, names)
    except np.linalg.LinAlgError as exc:  # e.g. a residual covariance that is not positive definite
        reason = f"the estimates are numerically singular on this sample ({exc})"
        return [head | {"ordering": [names[i] for i in o], "status": "infeasible", "reason": reason}
                for o in orders]


def _records(ctx: Context, params: RunParameters, head: dict, orders: list[list[int]],
             names: list[str]) -> list[dict]:
    """The ok records of one validated (lags, case, sample), one per ordering."""
    fit, test = ctx.fit, ctx.asymptotic_test
    se = inference.standard_errors(fit)
    # relation j is the one normalised on variable j (beta's first r rows are the identity)
    ect = {v: {names[j]: {"alpha": float(se.alpha[i, j]), "se": float(se.alpha_se[i, j])}
               for j in range(fit.rank)} for i, v in enumerate(names)}
    common = head | {"status": "ok", "nobs": int(fit.nobs), "rank_trace": test.rank,
                     "rank_used": int(fit.rank), "ect": ect}
    bands: list | None = None
    if params.boot:
        bands, dropped = bootstrap.last_share_bands(fit, ctx.y, params.horizon, orders, params.boot,
                                                    params.seed, params.level)
        common["boot_dropped"] = dropped
    out = []
    for n, order in enumerate(orders):
        theta = irf.orthogonalised(fit, params.horizon - 1, order, dof_adjust=params.dof_adjust)
        shares = fevd.decompose(theta)[1][-1]
        record = common | {"ordering": [names[i] for i in order], "impact": _by_name(theta[0], names, names),
                           "fevd_last": _by_name(shares, names, names)}
        if bands is not None:
            record["fevd_last_lower"] = _by_name(bands[n].lower, names, names)
            record["fevd_last_upper"] = _by_name(bands[n].upper, names, names)
        out.append(record)
    return out


def run_record(ctx: Context) -> dict:
    """The run's own specification as a grid record (:func:`estimate_group`), with what only the
    conclusions chapter reads (:mod:`vecmbook.study.claims`): ``fevd_first`` (period-1 shares),
    ``irf`` (response → impulse → orthogonalised path h = 0..H, as chapter 5's), ``irf_lower`` /
    ``irf_upper`` (its bootstrap band when ``boot`` > 0) and ``short_run`` (response → ``D(LFDI(-1))``
    → ``coef``, ``se``, when the model has LFDI and a lagged difference)."""
    p, names = ctx.params, ctx.names
    record = estimate_group(replace(p, boot=0), p.lags, p.deterministic, ctx.dataset.first_period,
                            ctx.dataset.last_period, [ctx.order], names)[0]
    if record["status"] != "ok":
        return results.plain(record)
    theta = irf.orthogonalised(ctx.fit, p.horizon, ctx.order, dof_adjust=p.dof_adjust)
    path = lambda a: {r: {c: a[:, i, j].tolist() for j, c in enumerate(names)} for i, r in enumerate(names)}  # noqa: E731
    record |= {"fevd_first": _by_name(fevd.decompose(theta[:1])[1][0], names, names), "irf": path(theta)}
    if p.boot:
        band = ctx.irf_bootstrap()  # the draw chapters 05 and 06 show
        record |= {"irf_lower": path(band.orth.lower), "irf_upper": path(band.orth.upper),
                   "fevd_last_lower": _by_name(band.fevd.lower[-1], names, names),
                   "fevd_last_upper": _by_name(band.fevd.upper[-1], names, names)}
    if "LFDI" in names and p.lags >= 1:
        se, j = inference.standard_errors(ctx.fit), names.index("LFDI")
        record["short_run"] = {v: {"D(LFDI(-1))": {"coef": float(se.gamma[i, j]), "se": float(se.gamma_se[i, j])}}
                               for i, v in enumerate(names)}
    else:
        record["short_run"] = {}
    return results.plain(record)


def chapter_spec(ctx: Context) -> GridSpec:
    """The robustness chapter's small grid around the run, from the run's ``grid_*`` parameters
    (``None`` = the default list; the run's own value is always added, so the run is one of the
    specifications), with ``grid_boot`` bootstrap replications per specification.

    Defaults: lags p − 1 … p + 1 (≥ 0); cases 2, 3, 4; the run's ordering and, for the study's
    variables, the others consistent with the study's period-1 variance shares
    (:func:`ordering.consistent_orderings`); windows starting at the run's first period and five
    periods later, ending five periods before its last and at its last.
    """
    from vecmbook.econometrics.ordering import consistent_orderings
    from vecmbook.study.variance_decomposition import paper_period1_shares

    p, names, periods = ctx.params, ctx.names, ctx.dataset.periods
    orderings = p.grid_orderings
    if orderings is None:
        paper = paper_period1_shares()
        fits = set(paper) | {i for row in paper.values() for i in row} == set(names)
        orderings = consistent_orderings(paper, names) if fits else []
    elif orderings == "all":
        orderings = [list(o) for o in itertools.permutations(names)]
    elif orderings == "default":
        orderings = []
    spelt = [[names[i] for i in datamod.check_ordering(o, names, p.transform)] for o in [ctx.order_names, *orderings]]
    orders = [list(o) for o in dict.fromkeys(tuple(o) for o in spelt)]
    step = min(5, max(len(periods) - 1, 0))
    lags = range(max(p.lags - 1, 0), p.lags + 2) if p.grid_lags is None else p.grid_lags
    cases = (2, 3, 4) if p.grid_deterministic is None else p.grid_deterministic
    starts = [periods[step]] if p.grid_starts is None else p.grid_starts
    ends = [periods[-1 - step]] if p.grid_ends is None else p.grid_ends
    return GridSpec(base=replace(p, boot=p.grid_boot), lags=sorted({p.lags, *lags}),
                    deterministic=sorted({p.deterministic, *cases}), orderings=orders,
                    starts=list(dict.fromkeys([periods[0], *starts])), ends=list(dict.fromkeys([*ends, periods[-1]])))


def own_record(records: Sequence[dict], ctx: Context) -> dict:
    """The record of the run's own specification among ``records`` (a chapter grid always holds it)."""
    key = {"lags": ctx.params.lags, "deterministic": ctx.params.deterministic, "ordering": ctx.order_names,
           "start": _period(ctx.dataset.first_period), "end": _period(ctx.dataset.last_period)}
    return next(r for r in records if all(r[k] == v for k, v in key.items()))


def chapter_results(spec: GridSpec, records: list[dict]) -> dict:
    """results.json's ``robustness`` section: the grid's parameters and records, as grid.json has them."""
    return {k: v for k, v in document(spec, records).items() if k != "schema_version"}


def groups(spec: GridSpec) -> list[tuple[int, int, str, str]]:
    """The distinct (lags, case, start, end), in the order the records are written."""
    return list(itertools.product(spec.lags, spec.deterministic, spec.starts, spec.ends))


def compute(spec: GridSpec, n_jobs: int = -1, backend: str = "loky", progress: bool = True) -> list[dict]:
    """Every record of the grid, in a fixed order (groups as :func:`groups`, orderings as given).

    ``backend`` is the joblib backend: ``"loky"`` (local processes) or ``"dask"`` (needs a
    ``dask.distributed.Client`` in this process). Results do not depend on either.
    """
    from joblib import Parallel, delayed, parallel_config
    from tqdm import tqdm

    spec, orders, names = resolve(spec)
    todo = groups(spec)
    records: list[dict] = []
    with parallel_config(backend=backend, n_jobs=n_jobs), \
            tqdm(total=spec.size, desc="grid", unit="spec", disable=None if progress else True) as bar:
        for batch in Parallel(return_as="generator")(delayed(estimate_group)(spec.base, *g, orders, names)
                                                 for g in todo):
            records.extend(batch)
            bar.update(len(batch))
    return [results.plain(r) for r in records]


def parameters_record(spec: GridSpec, names: list[str]) -> dict:
    """grid.json's ``parameters``: the run's knobs the grid shares and the lists it spans."""
    from vecmbook.pipeline.runner import display_path

    base = {k: v for k, v in asdict(spec.base).items() if k in SHARED}
    orders = [[names[i] for i in datamod.check_ordering(o, names, spec.base.transform)] for o in spec.orderings]
    return base | {"data": display_path(spec.base.data), "lags": spec.lags, "deterministic": spec.deterministic,
                   "orderings": orders, "starts": [_period(s) for s in spec.starts],
                   "ends": [_period(e) for e in spec.ends], "size": spec.size}


def flatten(record: dict) -> dict:
    """One CSV row: nested keys joined by ``.`` (``fevd_last.LEXS1.LFDI``), the ordering space-separated."""
    row: dict = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else k, v)
        else:
            row[prefix] = " ".join(value) if isinstance(value, list) else value

    walk("", record)
    return row


def to_csv(records: list[dict]) -> str:
    """grid.csv: one row per record, the fixed :data:`KEYS` first, then the nested values in order
    of appearance; empty cells where a record has no value (infeasible, or no bootstrap)."""
    rows = [flatten(r) for r in records]
    columns = list(dict.fromkeys(KEYS + [k for row in rows for k in row]))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in columns})
    return buffer.getvalue()


def document(spec: GridSpec, records: list[dict]) -> dict:
    """grid.json's content: schema version, parameters and the records."""
    spec, _, names = resolve(spec)
    return {"schema_version": SCHEMA_VERSION, "parameters": parameters_record(spec, names), "records": records}


@dataclass
class _Cluster:
    """A dask.distributed client for ``--backend dask`` (a local cluster unless ``scheduler`` is given)."""

    scheduler: str | None

    def __enter__(self):
        try:
            from dask.distributed import Client
        except ImportError:
            raise ParameterError("--backend dask needs dask.distributed: pip install 'vecmbook[dask]'") from None
        self.client = Client(self.scheduler) if self.scheduler else Client(processes=True, threads_per_worker=1)
        return self.client

    def __exit__(self, *exc) -> None:
        self.client.close()


def run_grid(spec: GridSpec, out: Path, backend: str = "loky", scheduler: str | None = None,
             n_jobs: int = -1) -> Path:
    """Compute the grid and write ``out/grid.json`` and ``out/grid.csv`` with the safety rules of
    ``run`` (:func:`runner.staged_output`: ``out`` replaced only when everything succeeded)."""
    from vecmbook.pipeline.runner import interrupts_raise, log, staged_output, write_marker

    with interrupts_raise():
        resolve(spec)  # bad data or lists fail before anything is written
        out = Path(out).resolve()
        with staged_output(out) as staging:
            if backend == "dask":
                with _Cluster(scheduler):
                    records = compute(spec, n_jobs=n_jobs, backend="dask")
            else:
                records = compute(spec, n_jobs=n_jobs)
            (staging / "grid.json").write_text(results.dumps(document(spec, records)), encoding="utf-8")
            (staging / "grid.csv").write_text(to_csv(records), encoding="utf-8")
            write_marker(staging)
        feasible = sum(r["status"] == "ok" for r in records)
        count = f"{len(records)} specification{'' if len(records) == 1 else 's'}"
        log(f"done: {out / 'grid.json'}, {out / 'grid.csv'} ({count}, {feasible} feasible)")
    return out

