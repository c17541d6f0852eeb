"""Chapters 05 and 06 in words and tables: what the bootstrap bands are, and variance
decompositions as the study's Tables 4 and 5 print them (periods 1..H, period 1 the impact)."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from vecmbook.econometrics.bootstrap import BootResult
from vecmbook.report import tables


def bands_sentence(boot: BootResult) -> str:
    """One sentence for the book: what the bands are and how many replications count."""
    if not boot.requested:
        return "No bootstrap bands (B = 0)."
    dropped = (f"; {boot.dropped} degenerate replication{'s were' if boot.dropped > 1 else ' was'} dropped"
               if boot.dropped else "; no replication was dropped")
    return (f"Bands are pointwise {100 * boot.level:g} % {boot.kind} intervals from a residual "
            f"bootstrap with B = {boot.requested} replications{dropped} ({boot.kept} used).")


def shares_table(frame: pd.DataFrame, source: str, missing: tables.Reasons = None,
                 notes: Sequence[str] = (), caption: str | None = None) -> tables.Table:
    """A variance-decomposition frame (S.E. and shares in %) as the paper prints it: 4 decimals
    for the S.E., 2 for the shares."""
    digits = {c: 4 if "S.E." in str(c) else 2 for c in frame.columns}
    return tables.table(frame, digits=digits, missing=missing, source=source, caption=caption,
                        notes=["Shares in percent of the forecast-error variance; period 1 the impact.", *notes])
