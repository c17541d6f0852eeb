"""Every figure of the book, drawn in one theme, each labelled with the data it shows.

Importing this module sets the book's look once: seaborn's ``whitegrid`` theme with its
``colorblind`` palette (Wong's eight colours, distinguishable under the common colour-vision
deficiencies), sizes chosen so that a figure scaled to the text column (about 750 px) keeps
8-pt text legible. Every function returns a :class:`~matplotlib.figure.Figure` with axes
labelled in their units and the data source written inside the figure (:func:`finish`), so a
copied figure keeps its label. The chapters glue the figures and caption them with
``{glue:figure}``; the time axes use the book's one convention (:data:`IRF_AXIS`,
:data:`FEVD_AXIS`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from vecmbook.econometrics import stability
from vecmbook.econometrics.montecarlo import Recovery
from vecmbook.econometrics.vecm import VECMFit
from vecmbook.inputs.dataset import STANDIN, USER

#: the book's one convention for time, in the words every figure, table and sentence uses
CONVENTION = ("Impulse responses are shown at h = 0..H, h = 0 the impact; variance decompositions at "
              "periods 1..H, period 1 the impact, as in the paper.")
IRF_AXIS = "h (h = 0 the impact)"
FEVD_AXIS = "period (period 1 the impact)"
PALETTE = sns.color_palette("colorblind")
ESTIMATE, BAND, STUDY, TRUTH = PALETTE[0], PALETTE[0], PALETTE[3], "0.15"
#: marker and colour of each grade of public figure (data chapter)
GRADE_STYLE = {"medium-high": ("o", PALETTE[3]), "low": ("x", PALETTE[1]), "study": ("s", PALETTE[4])}


def use_theme() -> None:
    """The book's seaborn theme and palette (keeps a CJK font fallback already in ``font.family``)."""
    family = mpl.rcParams["font.family"]
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE,
                  rc={"axes.titlesize": 10, "axes.labelsize": 9, "xtick.labelsize": 8, "ytick.labelsize": 8,
                      "legend.fontsize": 8, "figure.dpi": 100, "savefig.dpi": 150,
                      "axes.titleweight": "regular"})
    mpl.rcParams["font.family"] = family


def untrimmed_inline_figures() -> None:
    """In a Jupyter kernel, show each figure as :func:`finish` laid it out, without the inline
    backend's default ``bbox_inches="tight"``: that crops to the drawn artists, which costs a full
    second layout pass per figure (about 0.2 s for a 4×4 response grid), while ``tight_layout``
    has already fitted every label inside the figure. Set in the inline backend's configuration,
    so it holds whether its formatters are registered before or after this call."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    from IPython.core.pylabtools import select_figure_formats
    from matplotlib_inline.backend_inline import InlineBackend

    config = InlineBackend.instance(parent=shell)
    config.print_figure_kwargs = {"bbox_inches": None}
    select_figure_formats(shell, config.figure_formats, **config.print_figure_kwargs)


use_theme()
untrimmed_inline_figures()


def data_words(kind: str, name: str | None = None) -> str:
    """The data in words: the stand-in, a user's file by name, or a named source."""
    if kind == STANDIN:
        return "the simulated stand-in (vecmbook), not Dongguan's series"
    if kind == USER:
        return f"the user file {name}"
    return name or kind


def source_label(kind: str, name: str | None = None) -> str:
    """The line written inside a figure, e.g. "Data: the user file my.csv"."""
    return f"Data: {data_words(kind, name)}"


def finish(fig: Figure, source: str, legend: tuple | None = None, ncol: int | None = None) -> Figure:
    """Lay out ``fig``, put a shared ``legend`` (handles, labels) below the panels and ``source``
    in its bottom-right corner; close it for pyplot, so only the glued copy is shown."""
    bottom = 0.0
    if legend is not None:
        handles, labels = legend
        fig.legend(handles, labels, loc="lower left", ncol=ncol or len(labels), frameon=False,
                   bbox_to_anchor=(0.0, 0.035))
        bottom = 0.035 + 0.045 * np.ceil(len(labels) / (ncol or len(labels))) * 5.0 / fig.get_figheight()
    fig.tight_layout(rect=(0, bottom + 0.12 / fig.get_figheight(), 1, 1))
    fig.text(0.99, 0.008, source, ha="right", va="bottom", fontsize=7, color="0.35")
    plt.close(fig)
    return fig


def _band(ax, x: np.ndarray, line: np.ndarray, lower: np.ndarray | None, upper: np.ndarray | None,
          level: float | None) -> None:
    if lower is not None and upper is not None:
        label = f"{100 * level:.0f} % bootstrap band" if level else "bootstrap band"
        ax.fill_between(x, lower, upper, color=BAND, alpha=0.22, linewidth=0, label=label)
    ax.plot(x, line, color=ESTIMATE, linewidth=1.8, label="point estimate")
    ax.axhline(0.0, color="0.2", linewidth=0.7)


def irf_grid(irf: np.ndarray, lower: np.ndarray | None, upper: np.ndarray | None, names: Sequence[str],
             source: str, unit: str, level: float | None = None) -> Figure:
    """K×K grid of responses (rows: responding variable, columns: shock), as the study's Fig. 2.

    ``irf``, ``lower``, ``upper``: (H+1, K, K) [h][response][impulse]; bands when both are
    given. ``unit``: what a response measures (e.g. "change in log level"), on each row's axis.
    """
    irf = np.asarray(irf, dtype=float)
    k = irf.shape[-1]
    if irf.ndim != 3 or irf.shape[1:] != (k, k) or len(names) != k:
        raise ValueError(f"irf must be (H+1, K, K) with K = len(names); got {irf.shape} and {len(names)} names")
    x = np.arange(irf.shape[0])
    size = 2.3 if k <= 4 else 9.2 / k
    fig, axes = plt.subplots(k, k, figsize=(size * k + 0.6, 0.78 * size * k + 0.9), sharex=True, squeeze=False)
    for i in range(k):
        for j in range(k):
            ax = axes[i, j]
            _band(ax, x, irf[:, i, j], None if lower is None else lower[:, i, j],
                  None if upper is None else upper[:, i, j], level)
            if i == 0:
                ax.set_title(f"shock to {names[j]}")
        axes[i, 0].set_ylabel(f"{names[i]}\n{unit}")
    for ax in axes[-1]:
        ax.set_xlabel(IRF_AXIS)
    return finish(fig, source, axes[0, 0].get_legend_handles_labels())


def irf_focus(irf: np.ndarray, lower: np.ndarray | None, upper: np.ndarray | None, names: Sequence[str],
              source: str, unit: str, impulse: str = "LFDI", responses: Sequence[str] = ("LEXS1", "LEXS2"),
              level: float | None = None) -> Figure:
    """Side-by-side responses of ``responses`` to ``impulse`` (default FDI → EXS1, EXS2) with bands."""
    names = list(names)
    missing = [n for n in [impulse, *responses] if n not in names]
    if missing:
        raise ValueError(f"impulse/responses not among the variables {names}: {missing}")
    x = np.arange(np.shape(irf)[0])
    j = names.index(impulse)
    fig, axes = plt.subplots(1, len(responses), figsize=(3.9 * len(responses), 3.3), squeeze=False)
    for ax, resp in zip(axes[0], responses):
        i = names.index(resp)
        _band(ax, x, irf[:, i, j], None if lower is None else lower[:, i, j],
              None if upper is None else upper[:, i, j], level)
        ax.set(title=f"Response of {resp} to a shock to {impulse}", xlabel=IRF_AXIS, ylabel=f"{resp}: {unit}")
    return finish(fig, source, axes[0, 0].get_legend_handles_labels())


def fevd_grid(shares: np.ndarray, names: Sequence[str], source: str,
              variables: Sequence[str] | None = None) -> Figure:
    """Stacked shares (percent) against periods 1..H, one panel per variable in a two-column grid."""
    names = list(names)
    variables = names if variables is None else list(variables)
    unknown = [v for v in variables if v not in names]
    if unknown:
        raise ValueError(f"variables must be among {names}, got {unknown}")
    shares = np.asarray(shares, dtype=float)
    periods = np.arange(1, shares.shape[0] + 1)
    ncol = 2 if len(variables) > 1 else 1
    nrow = -(-len(variables) // ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(4.2 * ncol, 2.9 * nrow + 0.6), squeeze=False,
                             sharex=True, sharey=True)
    for ax, var in zip(axes.flat, variables):
        ax.stackplot(periods, shares[:, names.index(var), :].T, labels=names, colors=PALETTE[:len(names)],
                     alpha=0.9, linewidth=0)
        ax.set(title=f"Variance of {var}", xlim=(periods[0], periods[-1]), ylim=(0, 100))
    for ax in axes.flat[len(variables):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("share of forecast-error\nvariance (%)")
    for ax in axes[-1]:
        ax.set_xlabel(FEVD_AXIS)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    handles, labels = axes.flat[0].get_legend_handles_labels()
    return finish(fig, source, (handles, [f"shock to {n}" for n in labels]), ncol=min(len(labels), 4))


def roots_figure(fit: VECMFit, source: str) -> Figure:
    """Inverse roots of the levels VAR in the complex plane with the unit circle (the study's Fig. 1)."""
    roots, unit, _ = stability.classified_roots(fit)
    fig, ax = plt.subplots(figsize=(4.6, 4.9))
    theta = np.linspace(0, 2 * np.pi, 400)
    ax.plot(np.cos(theta), np.sin(theta), color="0.5", lw=1, label="unit circle")
    ax.scatter(roots.real[~unit], roots.imag[~unit], color=ESTIMATE, zorder=3, label="inverse roots")
    ax.scatter(roots.real[unit], roots.imag[unit], color=STUDY, marker="s", zorder=3,
               label=f"unit roots imposed by rank {fit.rank} (K − r = {fit.k - fit.rank})")
    lim = max(1.15, 1.05 * float(np.abs(roots).max()))
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="real part", ylabel="imaginary part")
    return finish(fig, source, ax.get_legend_handles_labels(), ncol=1)


def residual_figures(fit: VECMFit, names: Sequence[str], source: str, unit: str = "residual",
                     index: Sequence | None = None, max_lag: int | None = None) -> tuple[Figure, Figure]:
    """Residuals over time (``unit`` on the y axes) and their autocorrelations (±2/√T bands),
    one panel per equation."""
    names = list(names)
    if len(names) != fit.k:
        raise ValueError(f"names must list {fit.k} variables, got {len(names)}")
    u, t = fit.residuals, fit.nobs
    labels = [str(p) for p in (range(t) if index is None else list(index)[-t:])]
    x = np.arange(t)
    lags = min(t - 1, max(1, t // 3)) if max_lag is None else max_lag
    ncol = 2 if fit.k > 1 else 1
    nrow = -(-fit.k // ncol)
    fig_t, axes = plt.subplots(nrow, ncol, figsize=(4.3 * ncol, 2.4 * nrow + 0.5), sharex=True, squeeze=False)
    step = max(1, t // 6)
    for i, ax in enumerate(axes.flat[:fit.k]):
        ax.plot(x, u[:, i], marker="o", ms=3, color=ESTIMATE)
        ax.axhline(0, color="0.4", lw=0.7)
        ax.set(title=f"equation D({names[i]})", ylabel=unit)
        ax.set_xticks(x[::step], labels[::step], rotation=45, ha="right")
    for ax in axes.flat[fit.k:]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("observation" if index is None else "period")
    fig_a, axes = plt.subplots(nrow, ncol, figsize=(4.3 * ncol, 2.2 * nrow + 0.5), sharex=True, sharey=True,
                               squeeze=False)
    c = u - u.mean(0)
    band = 2 / np.sqrt(t)
    for i, ax in enumerate(axes.flat[:fit.k]):
        acf = np.array([c[j:, i] @ c[: t - j, i] for j in range(1, lags + 1)]) / (c[:, i] @ c[:, i])
        ax.bar(np.arange(1, lags + 1), acf, width=0.5, color=ESTIMATE)
        for sign in (1, -1):
            ax.axhline(sign * band, ls="--", color=STUDY, lw=0.9)
        ax.axhline(0, color="0.4", lw=0.7)
        ax.set(title=f"equation D({names[i]})", ylim=(-1, 1))
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    for ax in axes.flat[fit.k:]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("autocorrelation")
    for ax in axes[-1]:
        ax.set_xlabel("lag (periods)")
    return finish(fig_t, source), finish(fig_a, f"dashed: ±2/√T, T = {t}. {source}")


def loading_name(label: str) -> str:
    """A coefficient as the book names it: the core's ``alpha[LEXS1, CE1]`` reads "ECT1 loading in
    ΔLEXS1" and ``beta[LGDP, CE1]`` "LGDP in CointEq1 (β)", as the VECM tables call them."""
    found = re.fullmatch(r"(alpha|beta)\[(.+), CE(\d+)\]", label)
    if found is None:
        return label
    kind, variable, relation = found.groups()
    return f"ECT{relation} loading in Δ{variable}" if kind == "alpha" else f"{variable} in CointEq{relation} (β)"


def loading_figure(lab: Recovery, source: str) -> Figure:
    """Histograms of the estimated loadings over the simulated samples, the true values dashed."""
    loads = lab.loadings()
    n = max(len(loads), 1)
    fig, axes = plt.subplots(1, n, figsize=(4.2 * n, 3.2), squeeze=False)
    for ax, (label, i, j) in zip(axes.flat, loads):
        ax.hist(lab.alpha[:, i, j], bins=40, color=ESTIMATE, alpha=0.75, label="estimates")
        ax.axvline(lab.truth.alpha[i, j], color=TRUTH, ls="--", label="truth")
        ax.set(title=loading_name(label), xlabel="estimated loading (per period)", ylabel="simulated samples")
    return finish(fig, source, axes[0, 0].get_legend_handles_labels())


def typicality_figure(stats: pd.DataFrame, table: pd.DataFrame, source: str) -> Figure:
    """Histogram of each headline estimate over the draws, the study's value and the truth's marked."""
    keys = list(table.index)
    ncol = 3
    nrow = -(-len(keys) // ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(3.3 * ncol, 2.5 * nrow + 0.5), squeeze=False)
    for ax, key in zip(axes.flat, keys):
        ax.hist(stats[key], bins=50, color=ESTIMATE, alpha=0.6, label="estimates over the draws")
        ax.axvline(table.at[key, "paper"], color=STUDY, lw=2, label="the study's value")
        if np.isfinite(table.at[key, "truth"]):
            ax.axvline(table.at[key, "truth"], color=TRUTH, ls="--", label="the truth's value")
        ax.set_title(f"{key}\nstudy at percentile {table.at[key, 'percentile of paper']:.1f}", fontsize=9)
        ax.set_ylabel("draws")
    for ax in axes.flat[len(keys):]:
        ax.axis("off")
    handles = {lab: h for ax in axes.flat for h, lab in zip(*ax.get_legend_handles_labels())}
    return finish(fig, source, (list(handles.values()), list(handles)))
