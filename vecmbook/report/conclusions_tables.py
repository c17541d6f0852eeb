"""Chapter 08's table: the study's headline numbers beside this run's, at a glance."""
from __future__ import annotations

import re

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
