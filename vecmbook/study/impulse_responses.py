"""The paper's impulse-response reading (FDI shocks on LEXS1 and LEXS2) beside ours.

The paper's values come from :mod:`vecmbook.study.paper` (one transcription); ours from the live
run. Differences are ours − paper; on the stand-in data they measure the stand-in, not an error.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def fdi_response_table(point: np.ndarray, lower: np.ndarray | None, upper: np.ndarray | None,
                       names: Sequence[str]) -> pd.DataFrame:
    """Responses of LEXS1/LEXS2 to an LFDI shock, one row per response the run has: the impact
    (h = 0), the last horizon, the largest response and, with bands, at how many horizons the band
    excludes 0 (no such column without bands: ``--boot 0``)."""
    rows = {}
    h_last = point.shape[0] - 1
    for resp in [r for r in ("LEXS1", "LEXS2") if {r, "LFDI"} <= set(names)]:
        i, j = list(names).index(resp), list(names).index("LFDI")
        path = point[:, i, j]
        rows[f"{resp} to LFDI"] = {"h = 0 (the impact)": path[0], f"h = {h_last}": path[-1],
                                  "largest |response|": path[np.argmax(np.abs(path))]}
        if lower is not None:
            rows[f"{resp} to LFDI"][f"h in 0..{h_last} with band excluding 0"] = int(
                np.sum((lower[:, i, j] > 0) | (upper[:, i, j] < 0)))
    return pd.DataFrame.from_dict(rows, orient="index")
