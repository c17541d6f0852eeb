"""Roots of the levels VAR implied by a VECM (EViews "AR Roots" table and graph).

The VECM ΔY_t = αβ'Y_{t-1} + Σ Γ_i ΔY_{t-i} + … is the levels VAR with
A_1 = I + Π + Γ_1, A_i = Γ_i − Γ_{i−1}, A_{p+1} = −Γ_p (Lütkepohl 2005, eq. 6.3.5). The
eigenvalues of its companion matrix are the inverse roots of det(I − A_1 z − … ) = 0.
Because Π = αβ' has rank r, the characteristic polynomial has exactly K − r roots equal
to one (Johansen 1995, Thm 4.2; Lütkepohl 2005, sec. 6.3): a VECM of rank r < K can
never have all inverse roots strictly inside the unit circle. What the check can show is
that the *other* K(p+1) − (K − r) roots lie inside it, i.e. no I(2) or explosive
behaviour beyond the imposed unit roots.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .vecm import VECMFit


def _single(fit: VECMFit) -> None:
    if fit.alpha.ndim != 2:
        raise ValueError("fit must be a single (unbatched) VECM fit")


def companion_roots(fit: VECMFit) -> np.ndarray:
    """Eigenvalues of the companion matrix (inverse AR roots), sorted by modulus, descending."""
    _single(fit)
    roots = np.linalg.eigvals(fit.companion())
    order = np.lexsort((-roots.imag, -roots.real, -np.abs(roots)))
    return roots[order]


def stability_table(fit: VECMFit) -> pd.DataFrame:
    """EViews "Roots of Characteristic Polynomial": root and modulus, largest modulus first."""
    roots = companion_roots(fit)
    text = [f"{z.real:.6f}" if abs(z.imag) < 1e-12 else
            f"{z.real:.6f} {'+' if z.imag > 0 else '-'} {abs(z.imag):.6f}i" for z in roots]
    return pd.DataFrame({"Root": text, "Modulus": np.abs(roots)},
                        index=pd.RangeIndex(1, len(roots) + 1, name="#"))


def unit_root_count_check(fit: VECMFit, tol: float = 1e-8) -> dict:
    """Check that exactly K − r moduli equal one (within ``tol``) and all others are below one.

    Returns the counts, the largest modulus among the non-unit roots, a verdict and a
    sentence for the book.
    """
    if tol <= 0:
        raise ValueError(f"tol must be positive, got {tol}")
    moduli = np.abs(companion_roots(fit))
    expected = fit.k - fit.rank
    unit = np.abs(moduli - 1.0) <= tol
    others = moduli[~unit]
    largest = float(others.max()) if others.size else float("nan")
    ok = int(unit.sum()) == expected and bool(np.all(others < 1.0))
    sentence = (
        f"A VECM with K = {fit.k} variables and cointegration rank r = {fit.rank} imposes exactly "
        f"K - r = {expected} unit root(s); the companion matrix has {int(unit.sum())} root(s) of "
        f"modulus 1 (within {tol:g}) and the largest remaining modulus is {largest:.4f}. "
        + ("So the model is stable in the only sense a VECM can be: apart from the imposed unit "
           "roots, every root lies inside the unit circle. The statement that all roots lie "
           "strictly inside the circle cannot hold for any VECM with r < K."
           if ok else
           "This is NOT the pattern a stable VECM requires (extra unit or explosive roots).")
    )
    return {
        "expected_unit_roots": expected,
        "unit_roots": int(unit.sum()),
        "largest_other_modulus": largest,
        "stable_apart_from_unit_roots": ok,
        "sentence": sentence,
    }


def roots_figure(fit: VECMFit, title: str = "Inverse roots of the AR characteristic polynomial") -> Figure:
    """Inverse roots in the complex plane with the unit circle (unit roots highlighted)."""
    roots = companion_roots(fit)
    unit = np.abs(np.abs(roots) - 1.0) <= 1e-8
    fig, ax = plt.subplots(figsize=(5, 5))
    theta = np.linspace(0, 2 * np.pi, 400)
    ax.plot(np.cos(theta), np.sin(theta), color="grey", lw=1, label="unit circle")
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(0, color="grey", lw=0.5)
    ax.scatter(roots.real[~unit], roots.imag[~unit], color="C0", zorder=3, label="inverse roots")
    ax.scatter(roots.real[unit], roots.imag[unit], color="C3", marker="s", zorder=3,
               label=f"unit roots imposed by rank {fit.rank} (K - r = {fit.k - fit.rank})")
    lim = max(1.15, 1.05 * float(np.abs(roots).max()))
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="real part",
           ylabel="imaginary part", title=title)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig


def results_block(fit: VECMFit) -> dict:
    """The ``stability`` section of results.json: all moduli (descending) and the unit-root check."""
    check = unit_root_count_check(fit)
    return {
        "moduli": [float(m) for m in np.abs(companion_roots(fit))],
        "expected_unit_roots": check["expected_unit_roots"],
        "unit_roots": check["unit_roots"],
        "largest_other_modulus": check["largest_other_modulus"],
    }
