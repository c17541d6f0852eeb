"""Data and parameters checked before anything runs: the CSV read and validated once per file
version (through the run's cache), the exogenous design built, the model's size and the rank
checked. The runner validates a run with this module alone, without the analysis stack
(estimators, figures) that the chapters import; each chapter's setup
(:func:`vecmbook.pipeline.analysis.prepare`) validates again through the same cached read.
"""
from __future__ import annotations

from pathlib import Path

from vecmbook.econometrics import exog as exogmod
from vecmbook.econometrics import johansen
from vecmbook.inputs import dataset as datamod
from vecmbook.inputs import design
from vecmbook.paths import REPO
from vecmbook.pipeline.cache import cached
from vecmbook.pipeline.params import ParameterError, RunParameters


def build_exog(params: RunParameters, dataset: datamod.Dataset,
               impulse: list[str] | None = None) -> exogmod.Exog | None:
    """The exogenous block the parameters ask for (``impulse`` replaces ``params.impulse``)."""
    return design.build(dataset, params.lags, params.seasonal,
                        params.impulse if impulse is None else impulse, params.exog, params.shift)


#: the parameters that define the model; a chapter declaring them all gets the model's checks
MODEL_PARAMETERS = frozenset({"lags", "rank", "deterministic", "ordering"})


def validate(params: RunParameters, model: bool = True) -> datamod.Dataset:
    """Check data and parameters before anything runs (raises DataError / ValueError).

    ``model=False`` checks the data alone (and the exogenous block's periods): what a chapter
    that does not declare the model's parameters depends on; the runner always checks all."""
    k = len(params.vars)
    if k < 2:
        raise ParameterError(f"--vars {','.join(params.vars)}: a VECM needs at least two variables "
                             f"(cointegration is a relation between series)")
    ds = load(params)
    if model and params.rank != "auto":
        datamod.check_rank(int(params.rank), k)
    source = f"{Path(ds.path).name} ({ds.first_period}–{ds.last_period})"
    ex = build_exog(params, ds)
    if model:
        johansen.check_exog(params.deterministic, ex)
        datamod.check_model_size(ds.rows, k, params.lags, params.deterministic,
                                 None if params.rank == "auto" else int(params.rank), source=source,
                                 n_exog=0 if ex is None else ex.n_columns)
    datamod.check_degenerate(source, ds.frame)
    if not model:
        return ds
    if params.rank == "auto" and ex is not None and not ex.tables_apply:
        raise ParameterError(f"--rank auto uses the tabulated trace test, which does not apply with --exog "
                             f"(Rahbek & Mosconi 1999) or --shift (Johansen, Mosconi & Nielsen 2000); "
                             f"give --rank 0..{k - 1} and read the bootstrap rank test in chapter 3")
    datamod.check_ordering(params.ordering, list(ds.frame.columns), params.transform)
    if params.rank == "auto":
        # imported here: its p-values need scipy.stats, a second of start-up a fixed rank does not need
        from vecmbook.econometrics import ranktest

        chosen = ranktest.johansen_test(ds.frame.to_numpy(dtype=float), params.lags,
                                        params.deterministic, exog=ex).rank
        if chosen >= k:
            raise ParameterError(
                f"--rank auto: the trace test rejects every rank below {k} at 5 % on {ds.path} "
                f"(the series look stationary in levels), so there is no VECM to fit; "
                f"give --rank 0..{k - 1} explicitly")
    return ds


def locate(data: str) -> str:
    """``data`` itself, or the repository's file it names when it is a relative path given from
    the repository root (as a downloaded chapter's parameters cell shows the stand-in) and the
    notebook runs in notebooks/."""
    path = Path(data)
    if not path.is_absolute() and not path.exists() and (REPO / path).is_file():
        return str(REPO / path)
    return data


def _load(path: str, variables: list[str], transform: str, start: str | None, end: str | None,
          stamp: tuple) -> datamod.Dataset:
    """:func:`~vecmbook.inputs.dataset.load_dataset`; ``stamp`` only keys the cache."""
    return datamod.load_dataset(path, variables, transform, start, end)


def file_stamp(path: str) -> tuple[str, int, int]:
    """What identifies a data file's version without reading it: resolved path, size, mtime (ns)."""
    resolved = Path(path).resolve()
    st = resolved.stat()
    return str(resolved), st.st_size, st.st_mtime_ns


def load(params: RunParameters) -> datamod.Dataset:
    """The run's dataset, read from its CSV and validated once per file version (cached): the
    runner's check and every chapter's setup share that one read."""
    try:
        stamp = file_stamp(params.data)
    except OSError:  # let the loader name the missing or unreadable file, as for any other error
        return datamod.load_dataset(params.data, params.vars, params.transform, params.start, params.end)
    # keyed by the resolved path: the runner passes it absolute, a chapter as the user typed it
    return cached(_load)(stamp[0], list(params.vars), params.transform, params.start, params.end, stamp)
