"""The paper's impulse-response reading (FDI shocks on LEXS1 and LEXS2) beside ours.

The paper's values come from :mod:`vecmbook.study.paper` (one transcription); ours from the live
run. Differences are ours − paper; on the stand-in data they measure the stand-in, not an error.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vecmbook.study.variables import missing_study_variables


def fdi_response_summary(point: np.ndarray, lower: np.ndarray | None, upper: np.ndarray | None,
                         names: Sequence[str]) -> dict:
    """Responses of LEXS1/LEXS2 to an LFDI shock: impact, last horizon, horizons whose band excludes 0.

    Returns ``table`` (one row per response present) and ``text`` (a Markdown sentence
    with the same numbers, or why there are none on this run).
    """
    rows = {}
    h_last = point.shape[0] - 1
    parts = []
    for resp in [r for r in ("LEXS1", "LEXS2") if {r, "LFDI"} <= set(names)]:
        i, j = list(names).index(resp), list(names).index("LFDI")
        path = point[:, i, j]
        sig = None if lower is None else int(np.sum((lower[:, i, j] > 0) | (upper[:, i, j] < 0)))
        rows[f"{resp} to LFDI"] = {"h = 0 (the impact)": path[0], f"h = {h_last}": path[-1],
                                  "largest |response|": path[np.argmax(np.abs(path))]}
        if sig is not None:  # no column at all without bands (--boot 0)
            rows[f"{resp} to LFDI"][f"h in 0..{h_last} with band excluding 0"] = sig
        band = ("" if sig is None else
                f"; its bootstrap band excludes zero at {sig} of the {h_last + 1} horizons h = 0..{h_last}")
        parts.append(f"the response of {resp} to an FDI shock is {path[0]:.4f} at h = 0 (the impact) and "
                     f"{path[-1]:.4f} at h = {h_last}{band}")
    if not parts:
        text = missing_study_variables(names, ["LFDI", "LEXS1", "LEXS2"])
    else:
        text = "On this run " + "; ".join(parts) + "."
        if lower is None:
            text += " No bootstrap bands were computed (`--boot 0`)."
    return {"table": pd.DataFrame.from_dict(rows, orient="index"), "text": text}
