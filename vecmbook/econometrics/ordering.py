"""Which Cholesky orderings are consistent with reported first-period variance shares.

With a recursive (Cholesky) identification the one-step forecast error of the
variable in position i is a combination of the first i orthogonal shocks only
(Lütkepohl 2005, sec. 2.3.2). So in the period-1 variance decomposition of a
response, the shares of impulses ordered *after* it are exactly zero, and those of
impulses ordered before it are (generically) positive. Reported period-1 shares
therefore constrain the ordering a study must have used.
"""
from __future__ import annotations

from itertools import permutations


def consistent_orderings(period1: dict[str, dict[str, float]], names: list[str],
                         tol: float = 1e-9) -> list[list[str]]:
    """All orderings of ``names`` that reproduce the zero pattern of ``period1``.

    ``period1[response][impulse]`` is the period-1 share (any scale) of ``impulse``
    in the forecast-error variance of ``response``; responses not given are
    unconstrained. An ordering is consistent when, for every reported response and
    every other impulse, the share is zero exactly when the impulse comes later.
    """
    unknown = {n for shares in period1.values() for n in shares} | set(period1)
    unknown -= set(names)
    if unknown:
        raise ValueError(f"period-1 shares name variables not in the model: {sorted(unknown)}")
    found = []
    for order in permutations(names):
        pos = {n: i for i, n in enumerate(order)}
        if all((abs(share) <= tol) == (pos[imp] > pos[resp])
               for resp, shares in period1.items()
               for imp, share in shares.items() if imp != resp):
            found.append(list(order))
    return found
