"""Where the package finds the repository's files: the one place that knows the layout.

Every data file the book ships (the stand-in, its truth, the paper's reported numbers, the
public figures, the classic study's data) lives in the repository's ``data/`` folder, the
chapters in ``notebooks/``; the package's own tables ship inside it and are found with
:mod:`importlib.resources` (:mod:`vecmbook.econometrics.pvalues`). Any layer may import this
module; it imports nothing of the package.
"""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"
NOTEBOOKS = REPO / "notebooks"
STANDIN_CSV = DATA_DIR / "dongguan_standin.csv"
#: published studies' own data shipped with the book (data/README.md)
PUBLISHED_CSVS = (DATA_DIR / "johansen_juselius_1990_denmark.csv",)
