"""What every chapter needs, recomputed from the parameters alone.

Notebooks call :func:`prepare` with their parameters; there is no hidden state
between chapters, so one parameter set gives one consistent answer everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import data as datamod
from . import ranktest, vecm
from .johansen import CASES
from .params import ParameterError, RunParameters


@dataclass
class Context:
    """Parameters, data and (lazily) the Johansen test and the fitted VECM."""

    params: RunParameters
    dataset: datamod.Dataset

    @property
    def frame(self) -> pd.DataFrame:
        return self.dataset.frame

    @property
    def names(self) -> list[str]:
        return list(self.dataset.frame.columns)

    @property
    def y(self) -> np.ndarray:
        return self.dataset.frame.to_numpy(dtype=float)

    @property
    def order(self) -> list[int]:
        """Cholesky order as indices into :attr:`names`."""
        return datamod.check_ordering(self.params.ordering, self.names, self.params.transform)

    @property
    def order_names(self) -> list[str]:
        return [self.names[i] for i in self.order]

    def johansen(self, boot: int = 0, progress: bool = True) -> ranktest.JohansenTest:
        """Johansen trace / max-eigenvalue tests (bootstrap p-values when ``boot`` > 0)."""
        p = self.params
        return ranktest.johansen_test(self.y, p.lags, p.deterministic, boot=boot, seed=p.seed,
                                      progress=progress)

    @cached_property
    def asymptotic_test(self) -> ranktest.JohansenTest:
        return self.johansen(boot=0, progress=False)

    @property
    def rank_source(self) -> str:
        return "auto" if self.params.rank == "auto" else "fixed"

    @property
    def rank(self) -> int:
        """The rank used: the parameter, or the sequential trace test's choice for ``auto``."""
        if self.params.rank == "auto":
            return int(self.asymptotic_test.rank)
        return int(self.params.rank)

    @cached_property
    def fit(self) -> vecm.VECMFit:
        p = self.params
        return vecm.fit(self.y, p.lags, p.deterministic, self.rank)

    def rank_sentence(self) -> str:
        """One sentence saying which rank is used and where it came from."""
        chosen = self.asymptotic_test.rank
        if self.rank_source == "auto":
            return (f"Rank {self.rank} was chosen by the sequential trace test at the 5 % level "
                    f"(`--rank auto`).")
        agree = "agrees with" if chosen == self.rank else "differs from"
        return (f"Rank {self.rank} is fixed by the `--rank` parameter; it {agree} the sequential "
                f"trace test at 5 %, which picks rank {chosen} on these data.")

    def notice(self) -> str:
        """Markdown notice naming the dataset and the parameters (shown on every results page)."""
        ds, p = self.dataset, self.params
        if ds.kind == "stand-in":
            what = ("**Data: the stand-in dataset** — simulated by `scripts/make_standin.py` from a model "
                    "calibrated to the numbers the study reports, and **one draw chosen out of many to "
                    "resemble the study's results** on the default specification (`data/README.md`). "
                    "Agreement with the study on this page is therefore by construction, and the yearbook "
                    "series are not available to us: **the results on this page are not evidence about "
                    "Dongguan**. They show what the method does on data resembling the study's.")
        else:
            what = f"**Data: user-supplied file `{ds.path}`** (sha256 `{ds.sha256[:12]}…`)."
        rank = f"{self.rank} ({'auto' if self.rank_source == 'auto' else 'fixed'})"
        return (
            f"```{{admonition}} Which data and parameters this page uses\n:class: note\n"
            f"{what}\n\n"
            f"Sample {ds.first_period}–{ds.last_period} ({ds.rows} observations); variables "
            f"{', '.join(self.names)}; lagged differences {p.lags}; rank {rank}; deterministic case "
            f"{p.deterministic} ({CASES[p.deterministic]}); Cholesky order {', '.join(self.order_names)}; "
            f"horizon {p.horizon}; bootstrap replications {p.boot}; seed {p.seed}.\n```"
        )


def validate(params: RunParameters) -> datamod.Dataset:
    """Check data and parameters before anything runs (raises DataError / ValueError)."""
    ds = datamod.load_dataset(params.data, params.vars, params.transform, params.start, params.end)
    k = len(params.vars)
    if params.rank != "auto":
        datamod.check_rank(int(params.rank), k)
    datamod.check_model_size(ds.rows, k, params.lags, params.deterministic,
                             None if params.rank == "auto" else int(params.rank),
                             source=f"{Path(ds.path).name} ({ds.first_period}–{ds.last_period})")
    datamod.check_ordering(params.ordering, list(ds.frame.columns), params.transform)
    if params.rank == "auto":
        chosen = ranktest.johansen_test(ds.frame.to_numpy(dtype=float), params.lags,
                                        params.deterministic).rank
        if chosen >= k:
            raise ParameterError(
                f"--rank auto: the trace test rejects every rank below {k} at 5 % on {ds.path} "
                f"(the series look stationary in levels), so there is no VECM to fit; "
                f"give --rank 0..{k - 1} explicitly")
    return ds


def prepare(**values) -> Context:
    """Build the :class:`Context` from notebook parameters (names as in RunParameters)."""
    known = {f: values[f] for f in RunParameters.__dataclass_fields__ if f in values}
    if known.get("data") is None:
        known.pop("data", None)  # None = the shipped default data
    params = RunParameters(**known)
    return Context(params=params, dataset=validate(params))
