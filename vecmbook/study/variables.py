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
