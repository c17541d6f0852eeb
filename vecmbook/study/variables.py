"""The study's model variables: which one is FDI, and which restriction hypotheses a run allows."""
from __future__ import annotations

from collections.abc import Sequence


def fdi_variable(names: Sequence[str]) -> str | None:
    """The run's FDI variable (the study's impulse of interest): the first name ending in FDI."""
    return next((v for v in names if str(v).upper().endswith("FDI")), None)


def tested_hypotheses(names: Sequence[str], kinds: Sequence[str]) -> list[tuple[str, str]]:
    """The study's restriction hypotheses that a run's variables allow, as (kind, variable):
    every restriction of ``kinds`` on the FDI variable (the study's question is FDI's role) and
    weak exogeneity of GDP (does income drive the system without correcting to it?)."""
    out = []
    for v in names:
        if str(v).upper().endswith("FDI"):
            out += [(kind, v) for kind in kinds]
        elif str(v).upper().endswith("GDP"):
            out.append(("weak exogeneity", v))
    return out
