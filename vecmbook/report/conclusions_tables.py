"""Chapter 8's table: the study's headline numbers beside this run's, at a glance."""
from __future__ import annotations

import re

from vecmbook.inputs import dataset as loader
from vecmbook.report import tables
from vecmbook.study.conclusions import Glance

#: a hyphen between two letters ("non-stationary"), where a browser would break the word
_WORD_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")


def unbroken(text: object) -> object:
    """``text`` with every hyphen inside a word made non-breaking (U+2011), so that a narrow column
    wraps "non-stationary / stationary" at its spaces, never as "non-" over "stationary"."""
    return _WORD_HYPHEN.sub("\u2011", text) if isinstance(text, str) else text


def glance_table(glance: Glance, source: str) -> tables.Table:
    """:func:`vecmbook.study.conclusions.glance_table` for the page: "–" with the reason in a footnote
    where a value does not exist, words kept whole (:func:`unbroken`); on a narrow screen each
    quantity becomes a block of labelled lines rather than six squeezed columns."""
    return tables.table(glance.values.map(unbroken), missing=glance.missing, source=source, stack=True)


def reading_note(kind: str, has_truth: bool) -> str:
    """How to read the glance table on this run's data (``kind``: the dataset's; ``has_truth``:
    whether the truth column is filled, :func:`vecmbook.study.standin.truth_comparable`)."""
    if kind != loader.STANDIN:
        return ("These are your data: there is no known truth behind them (the truth column stays empty), and a "
                "gap to the study is a finding about your data and specification, not an error.")
    return ("**Read this table with care.** The data are the simulated stand-in, whose true model was "
            "calibrated to the study's reported numbers and whose draw was chosen to resemble them: where "
            "*ours* agrees with the *study*, the agreement is **by construction** and says **nothing about "
            "Dongguan**. The *stand-in truth* column is the model that generated the data; the gap between "
            "ours and the truth is estimation error on one sample of this size."
            + ("" if has_truth else " This run models other variables than the stand-in's true model, so the "
               "truth column stays empty."))
