"""What every chapter needs, computed once per run from the parameters alone.

A chapter's one-line setup, ``ctx = analysis.setup(globals())``, validates its parameters and
data and returns the :class:`Context` through which it asks for the run's results. There is no
hidden state between chapters — each result is a function of the parameters and the data — but
the expensive ones (the validated dataset, bootstraps, simulations) go through the run's cache
(:mod:`vecmbook.pipeline.cache`), so a computation that several chapters show runs once.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from vecmbook.econometrics import bootstrap, fevd, montecarlo, ranktest, restrictions, vecm
from vecmbook.econometrics import exog as exogmod
from vecmbook.econometrics.johansen import CASES
from vecmbook.inputs import dataset as datamod
from vecmbook.inputs import design
from vecmbook.pipeline.cache import cached
from vecmbook.pipeline.params import RunParameters, default_ordering, default_rank
from vecmbook.pipeline.validation import MODEL_PARAMETERS, build_exog, locate, validate
from vecmbook.report import figures, fonts, notices
from vecmbook.study.variables import fdi_variable, tested_hypotheses


@dataclass
class Context:
    """Parameters, data and (lazily) the Johansen test and the fitted VECM."""

    params: RunParameters
    dataset: datamod.Dataset
    #: the parameters the chapter declares (None: all); its notice names only these
    declared: frozenset[str] | None = None

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
    def data_label(self) -> str:
        """The data this run uses, in the words written inside its figures and under its tables."""
        return figures.source_label(self.dataset.kind, Path(self.dataset.path).name)

    def source(self, paper: str | None = None) -> str:
        """A table's "Source:" line: this run's data, and the study's table it is set beside."""
        ours = f"this run on {figures.data_words(self.dataset.kind, Path(self.dataset.path).name)}"
        return f"{ours}; paper columns: the study's {paper}." if paper else f"{ours}."

    @property
    def order(self) -> list[int]:
        """Cholesky order as indices into :attr:`names`."""
        return datamod.check_ordering(self.params.ordering, self.names, self.params.transform)

    @property
    def order_names(self) -> list[str]:
        return [self.names[i] for i in self.order]

    @cached_property
    def exog(self) -> exogmod.Exog | None:
        """The run's unrestricted exogenous block (seasonal, impulse dummies, ``--exog`` columns)."""
        return build_exog(self.params, self.dataset)

    def johansen(self, boot: int = 0, progress: bool = True) -> ranktest.JohansenTest:
        """Johansen trace / max-eigenvalue tests (bootstrap p-values when ``boot`` > 0; cached)."""
        p = self.params
        return cached(ranktest.johansen_test)(self.y, p.lags, p.deterministic, boot=boot, seed=p.seed,
                                              progress=progress, exog=self.exog)

    def irf_bootstrap(self) -> bootstrap.BootResult:
        """The run's residual bootstrap of orthogonalised and generalised responses and FEVD shares
        (``boot`` replications, ``seed``, ``level``): one draw, shown by chapters 05 and 06."""
        p = self.params
        return cached(bootstrap.boot_irf)(self.fit, self.y, p.horizon, self.order, p.boot, p.seed, p.level,
                                          generalised=True, dof_adjust=p.dof_adjust)

    def restriction_sizes(self) -> list[montecarlo.RestrictionSize]:
        """The study's restriction tests that this run's variables allow (:func:`tested_hypotheses`),
        each with its size simulated at the data's T (``size_reps`` samples, ``seed``; cached);
        none unless 1 ≤ rank < K, where α and β have rows to restrict."""
        p, fit = self.params, self.fit
        if not 1 <= fit.rank < fit.k:
            return []
        return [cached(montecarlo.restriction_size)(self.y, p.lags, p.deterministic, fit.rank, kind,
                                                    self.names.index(v), self.names, reps=p.size_reps,
                                                    seed=p.seed, exog=self.exog)
                for kind, v in tested_hypotheses(self.names, restrictions.KINDS)]

    def fdi_exclusion(self) -> restrictions.RestrictionTest | None:
        """The LR test that the FDI variable (:func:`fdi_variable`) is excluded from the cointegration
        space at the run's rank (Johansen 1995, sec. 7.2); None without an FDI variable."""
        fdi, p = fdi_variable(self.names), self.params
        if fdi is None:
            return None
        return restrictions.exclusion_test(self.y, p.lags, p.deterministic, self.rank, self.names.index(fdi),
                                           self.names, exog=self.exog)

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
        return vecm.fit(self.y, p.lags, p.deterministic, self.rank, self.exog)

    def with_params(self, **changes) -> Context:
        """This run with some parameters changed (an exercise's alternative specification),
        validated like any run: raises ParameterError / DataError when the data cannot carry it."""
        params = replace(self.params, **changes)
        return Context(params=params, dataset=validate(params), declared=self.declared)

    def exog_sentence(self) -> str:
        """The run's exogenous terms in words ("none" when there are none), the restricted ones first."""
        if self.exog is None:
            return "none"
        restricted = [f"{n} (in the cointegration space)" for n in self.exog.restricted_labels]
        return ", ".join(restricted + list(self.exog.names))

    def impulse_comparison(self, periods: list[str] | None = None) -> dict:
        """The run's model beside the same model with impulse dummies for ``periods`` added
        (default ``compare_impulse``): trace tests, loadings α at the run's rank and the
        FDI shares of the forecast-error variance at period min(10, horizon).

        Returns {"skipped": reason} when a period is outside the sample, lost to the lags,
        already an ``--impulse`` of the run or the data are not annual/quarterly-labelled
        alike; otherwise the tables under "trace", "alpha" and "fdi_shares" (None with a
        reason under "fdi_note" when no FDI variable is modelled) and "period".
        """
        p = self.params
        periods = list(p.compare_impulse if periods is None else periods)
        if not periods:
            return {"skipped": "no comparison periods were given (--compare-impulse)."}
        if set(periods) & set(p.impulse):
            return {"skipped": f"the run already has impulse dummies for {', '.join(p.impulse)}."}
        try:
            periods = design.check_periods("--compare-impulse", periods, self.dataset, p.lags)
            added = build_exog(p, self.dataset, impulse=list(p.impulse) + periods)
        except datamod.DataError as exc:
            return {"skipped": f"{exc} — so the dummies cannot be added to this run's model."}
        need = datamod.min_observations(len(self.names), p.lags, p.deterministic, added.n_columns)
        if self.dataset.rows < need:
            return {"skipped": f"with {added.n_columns} exogenous columns the model needs at least {need} "
                               f"observations; the sample has {self.dataset.rows}."}
        models = {"run's model": self.exog, f"+ impulses {', '.join(periods)}": added}
        trace, alpha, shares = {}, {}, {}
        h = min(10, p.horizon)
        fdi = [v for v in [fdi_variable(self.names)] if v is not None]
        for label, ex in models.items():
            test = ranktest.johansen_test(self.y, p.lags, p.deterministic, progress=False, exog=ex)
            row = {f"trace r≤{r}": t for r, t in enumerate(test.trace)}
            row |= {f"p r≤{r}": q for r, q in enumerate(test.trace_pvalue)}
            row["selected rank"] = "n/a" if test.rank is None else test.rank
            trace[label] = row
            model = vecm.fit(self.y, p.lags, p.deterministic, self.rank, ex)
            for j in range(self.rank):
                for i, v in enumerate(self.names):
                    alpha.setdefault((f"CointEq{j + 1}", f"D({v})"), {})[label] = model.alpha[i, j]
            if fdi:
                share = fevd.fevd(model, h, self.order)[1][h - 1]
                shares[label] = {v: share[i, self.names.index(fdi[0])] for i, v in enumerate(self.names)}
        table = lambda d: pd.DataFrame.from_dict(d, orient="index")  # noqa: E731
        alpha_table = pd.DataFrame(alpha).T  # empty at rank 0: no loadings
        if alpha:
            alpha_table = alpha_table.rename_axis(["loading", "equation"])
        return {
            "period": h,
            "periods": periods,
            "trace": table(trace).rename_axis("model"),
            "alpha": alpha_table,
            "fdi_shares": table(shares).rename_axis(f"share of {fdi[0]} shocks (%)") if fdi else None,
            "fdi_note": None if fdi else "no FDI variable is modelled, so there are no FDI shares.",
        }

    def rank_sentence(self) -> str:
        """One sentence saying which rank is used and where it came from."""
        chosen = self.asymptotic_test.rank
        if chosen is None:
            return (f"Rank {self.rank} is fixed by the `--rank` parameter; the tabulated trace test does "
                    f"not apply with `--exog` columns or a `--shift`, so only the bootstrap rank test "
                    f"(chapter 3) can check it.")
        if self.rank_source == "auto":
            return (f"Rank {self.rank} was chosen by the sequential trace test at the 5 % level "
                    f"(`--rank auto`).")
        agree = "agrees with" if chosen == self.rank else "differs from"
        return (f"Rank {self.rank} is fixed by the `--rank` parameter; it {agree} the sequential "
                f"trace test at 5 %, which picks rank {chosen} on these data.")

    def notice(self) -> str:
        """The page's notice naming its data and the parameters it uses (:mod:`vecmbook.report.notices`)."""
        shown = self.declared if self.declared is not None else frozenset(RunParameters.__dataclass_fields__)
        p = self.params
        items = {"lags": f"lagged differences {p.lags}",
                 "rank": f"rank {self.rank} ({'auto' if self.rank_source == 'auto' else 'fixed'})",
                 "deterministic": f"deterministic case {p.deterministic} ({CASES[p.deterministic]})",
                 "ordering": f"Cholesky order {', '.join(self.order_names)}",
                 "horizon": f"horizon {p.horizon}", "boot": f"bootstrap replications {p.boot}",
                 "seed": f"seed {p.seed}"}
        parts = [text for name, text in items.items() if name in shown]
        if {"seasonal", "impulse", "exog"} & shown:
            parts.append(f"exogenous terms {self.exog_sentence()}")
        return notices.data_notice(self.dataset, self.names, parts)


def comparison_sentence(cmp: dict) -> str:
    """What the added impulse dummies changed, in one paragraph of live numbers (or why skipped)."""
    if "skipped" in cmp:
        return f"**Skipped:** {cmp['skipped']}"
    (base, added), trace = cmp["trace"].index, cmp["trace"]
    ranks = trace["selected rank"]
    text = (f"Adding impulse dummies for {', '.join(cmp['periods'])} moves the trace statistic for "
            f"rank 0 from {trace.iloc[0, 0]:.2f} to {trace.iloc[1, 0]:.2f}; the sequential trace test "
            f"at 5 % picks rank {ranks[base]} without them and {ranks[added]} with them. ")
    if len(cmp["alpha"]):
        change = (cmp["alpha"][added] - cmp["alpha"][base]).abs()
        where = change.idxmax()
        text += (f"The largest change in a loading is in {where[1]} on {where[0]}: "
                 f"{cmp['alpha'].loc[where, base]:.3f} without, {cmp['alpha'].loc[where, added]:.3f} with. ")
    if cmp["fdi_shares"] is not None:
        shares = cmp["fdi_shares"]
        text += (f"At period {cmp['period']}, FDI shocks account for "
                 + ", ".join(f"{shares.loc[base, v]:.1f} → {shares.loc[added, v]:.1f} % of {v}"
                             for v in shares.columns) + ".")
    else:
        text += cmp["fdi_note"]
    return text


def comparison_record(cmp: dict) -> dict:
    """The comparison for results.json: periods, or the reason it was skipped, and the numbers."""
    if "skipped" in cmp:
        return {"skipped": cmp["skipped"]}
    trace = cmp["trace"]
    out = {"periods": cmp["periods"], "period": cmp["period"],
           "trace": {m: [float(trace.loc[m, f"trace r≤{r}"]) for r in range(len(trace.columns) // 2)]
                     for m in trace.index},
           "selected_rank": {m: trace.loc[m, "selected rank"] for m in trace.index}}
    if cmp["fdi_shares"] is not None:
        out["fdi_shares"] = {m: cmp["fdi_shares"].loc[m].to_dict() for m in cmp["fdi_shares"].index}
    return out


def prepare(**values) -> Context:
    """Build the :class:`Context` from notebook parameters (names as in RunParameters).

    A chapter declares only the parameters its results depend on (so a run that changes another
    one reuses the chapter); the others take their defaults, the ordering and rank those of the
    run's variables (:func:`~vecmbook.pipeline.params.default_ordering`, ``default_rank``)."""
    known = {f: values[f] for f in RunParameters.__dataclass_fields__ if f in values}
    declared = frozenset(known)
    if known.get("data") is None:
        known.pop("data", None)  # None = the shipped default data
    else:
        known["data"] = locate(known["data"])
    if "vars" in known:
        known.setdefault("ordering", default_ordering(known["vars"]))
        known.setdefault("rank", default_rank(known["vars"]))
    params = RunParameters(**known)
    dataset = validate(params, model=MODEL_PARAMETERS <= declared)
    if any(fonts.has_cjk(n) for n in dataset.variables):
        fonts.use_cjk_fallback()  # the run's log has already said so once if no CJK font exists
    return Context(params=params, dataset=dataset, declared=declared)


def setup(namespace: dict) -> Context:
    """A chapter's one-line setup: its parameters (the names of :class:`RunParameters` found in
    ``namespace``, the notebook's globals after papermill's injection) become the :class:`Context`;
    display conventions are set and the page's data-and-parameters notice is shown."""
    import warnings

    from IPython.display import Markdown, display

    warnings.filterwarnings("ignore", category=FutureWarning)
    pd.options.display.float_format = "{:.4f}".format
    ctx = prepare(**{k: v for k, v in namespace.items() if k in RunParameters.__dataclass_fields__})
    display(Markdown(ctx.notice()))
    return ctx
