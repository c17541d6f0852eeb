"""The study's model variables and what a page says when a run's data lack them."""
from __future__ import annotations

from collections.abc import Sequence


def missing_study_variables(names: Sequence[str], needed: Sequence[str]) -> str | None:
    """A sentence when the run lacks variables a headline of the study needs, else None."""
    absent = [n for n in needed if n not in names]
    if not absent:
        return None
    return (f"This run's variables ({', '.join(names)}) do not include {', '.join(absent)}, so this "
            f"headline of the study has no counterpart here.")


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
