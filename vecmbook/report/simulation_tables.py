"""Chapter 9's tables: how often the trace test finds the true rank, and how close the
estimated loadings come to the truth over the simulated samples."""
from __future__ import annotations

import pandas as pd

from vecmbook.econometrics.montecarlo import Recovery
from vecmbook.report import tables
from vecmbook.report.figures import loading_name


def rank_frequencies(lab: Recovery) -> pd.DataFrame:
    """Share of samples (in %) in which each rank is chosen, by asymptotic and Reinsel–Ahn p-values."""
    shares = {label: 100 * s for label, s in lab.rank_shares().items()}
    return pd.DataFrame(shares).rename_axis("rank chosen")


def rank_table(lab: Recovery, source: str) -> tables.Table:
    """:func:`rank_frequencies` for the page."""
    return tables.table(rank_frequencies(lab), digits=1, source=source,
                        notes=[f"Percent of {len(lab.rank_asymptotic)} simulated samples of the truth; "
                               f"sequential trace test at 5 %."])


def loading_table(lab: Recovery, source: str) -> tables.Table:
    """True value, mean, bias, s.d. and 5–95 % range of the loadings the study interprets."""
    frame = pd.DataFrame.from_dict(lab.loading_stats(), orient="index").rename_axis("loading")
    frame.index = frame.index.map(loading_name)
    return tables.table(frame, digits=3, source=source,
                        notes=[f"Over {len(lab.alpha)} simulated samples, estimated with rank {lab.rank}."])
