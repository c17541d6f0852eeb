"""Forecast-error variance decomposition of a VECM (statsmodels has none for VECMs).

From the orthogonalised MA representation Θ_i = Φ_i P of the implied levels VAR
(:mod:`vecmbook.econometrics.irf`), the h-step forecast error of variable k has variance

    MSE_k(h) = Σ_{i=0}^{h-1} Σ_j θ_{kj,i}²,

and the share of orthogonal shock j is ω_kj(h) = Σ_{i<h} θ_{kj,i}² / MSE_k(h)
(Lütkepohl 2005, sec. 2.3.3, eq. 2.3.37; sec. 6.6 for cointegrated systems, where the
MSE grows without bound but the shares are well defined). Following EViews, "period
1" is the one-step-ahead forecast (h = 1, only the Θ_0 term), shares are in percent and
"S.E." is the forecast standard error √MSE_k(h).
"""
from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from vecmbook.econometrics.irf import orthogonalised
from vecmbook.econometrics.vecm import VECMFit


def decompose(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """S.E. (..., H, K) and shares in percent (..., H, K, K) from Θ_0 … Θ_{H-1} (..., H, K, K).

    MSE_k(h) = Σ_{i<h} Σ_j θ_{kj,i}² and ω_kj(h) = 100 Σ_{i<h} θ_{kj,i}² / MSE_k(h)
    (Lütkepohl 2005, eq. 2.3.37). Sums over periods and impulses are running sums of
    slices, which for the bootstrap's small K is several times faster than ``np.cumsum``
    along a middle axis or ``sum`` over a short last axis; the shares overwrite the
    squares in place.
    """
    contrib = np.square(np.asarray(theta, dtype=float))  # [period][response][impulse]
    for h in range(1, contrib.shape[-3]):
        contrib[..., h, :, :] += contrib[..., h - 1, :, :]
    mse = contrib[..., 0].copy()
    for j in range(1, contrib.shape[-1]):
        mse += contrib[..., j]
    contrib *= 100.0
    contrib /= mse[..., None]
    return np.sqrt(mse), contrib


def fevd(fit: VECMFit, horizon: int, order: Sequence[int],
         dof_adjust: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Forecast S.E. (..., H, K) and variance shares in percent (..., H, K, K) for periods 1..H.

    ``shares[..., h-1, k, j]`` is the percentage of the h-step forecast-error variance of
    variable k due to the orthogonal shock of variable j (original variable order), with
    Cholesky order ``order``. ``dof_adjust`` (EViews' default) only rescales the S.E.
    """
    if int(horizon) != horizon or horizon < 1:
        raise ValueError(f"horizon must be a positive integer, got {horizon!r}")
    return decompose(orthogonalised(fit, int(horizon) - 1, order, dof_adjust))


def _response_index(names: Sequence[str], variable: str) -> int:
    if variable not in names:
        raise ValueError(f"variable must be one of {list(names)}, got {variable!r}")
    return list(names).index(variable)


def fevd_table(se: np.ndarray, shares: np.ndarray, names: Sequence[str], variable: str) -> pd.DataFrame:
    """The decomposition of ``variable`` in the layout of the study's Tables 4–5.

    Columns: Period, S.E., then one share column per variable in the order of ``names``
    (not the Cholesky order); one row per period 1..H.
    """
    k = _response_index(names, variable)
    frame = pd.DataFrame(np.asarray(shares)[:, k, :], columns=list(names))
    frame.insert(0, "S.E.", np.asarray(se)[:, k])
    frame.insert(0, "Period", np.arange(1, len(frame) + 1))
    return frame


def share_intervals(shares: np.ndarray, lower: np.ndarray, upper: np.ndarray, names: Sequence[str],
                    variable: str, period: int) -> pd.DataFrame:
    """Point share and bootstrap interval of each shock in ``variable``'s variance at ``period``."""
    k = _response_index(names, variable)
    if not 1 <= period <= np.shape(shares)[0]:
        raise ValueError(f"period must be between 1 and {np.shape(shares)[0]}, got {period!r}")
    h = period - 1
    return pd.DataFrame({"share (%)": shares[h, k], "lower (%)": lower[h, k], "upper (%)": upper[h, k]},
                        index=pd.Index(list(names), name=f"shock (period {period})"))


def fevd_figure(shares: np.ndarray, names: Sequence[str], variables: Sequence[str] | None = None,
                title: str | None = None) -> Figure:
    """Stacked-area plot of the shares (percent) against the period, one panel per response."""
    variables = list(names) if variables is None else list(variables)
    idx = [_response_index(names, v) for v in variables]
    periods = np.arange(1, np.shape(shares)[0] + 1)
    fig, axes = plt.subplots(1, len(idx), figsize=(4.0 * len(idx), 3.4), squeeze=False, sharey=True)
    for ax, k, var in zip(axes[0], idx, variables):
        ax.stackplot(periods, np.asarray(shares)[:, k, :].T, labels=list(names), alpha=0.85)
        ax.set_title(f"Variance decomposition of {var}", fontsize=9)
        ax.set_xlabel("period (1 = one step ahead)", fontsize=8)
        ax.set_xlim(periods[0], periods[-1])
        ax.set_ylim(0, 100)
    axes[0, 0].set_ylabel("share of forecast-error variance (%)", fontsize=8)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(names), fontsize=8, frameon=False)
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.08, 1, 0.95 if title else 1))
    return fig


def results_block(se: np.ndarray, shares: np.ndarray, names: Sequence[str],
                  variables: Sequence[str] | None = None) -> dict:
    """The ``fevd`` section of results.json: {variable: [[period, se, share_1, …, share_K], …]}.

    Shares are in percent, in the order of ``names``.
    """
    variables = list(names) if variables is None else list(variables)
    block = {}
    for var in variables:
        table = fevd_table(se, shares, names, var)
        block[var] = [[int(row[0]), *map(float, row[1:])] for row in table.itertuples(index=False)]
    return block

