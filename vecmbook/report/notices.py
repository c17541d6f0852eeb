"""The notice at the top of every results page: which data it shows and with which parameters.

On the stand-in it says, every time, that the data are simulated and chosen to resemble the
study, so nothing on the page is evidence about Dongguan; on a published study's shipped data or
a user's file it says which of the two and names the file and its hash.
"""
from __future__ import annotations

from collections.abc import Sequence

from vecmbook.inputs import dataset as loader

STANDIN = ("**Data: the stand-in dataset** — simulated by `scripts/make_standin.py` from a model "
           "calibrated to the numbers the study reports, and **one draw chosen out of many to "
           "resemble the study's results** on the default specification (`data/README.md`). "
           "Agreement with the study on this page is therefore by construction, and the yearbook "
           "series are not available to us: **the results on this page are not evidence about "
           "Dongguan**. They show what the method does on data resembling the study's.")


def data_notice(dataset, names: Sequence[str], parameters: Sequence[str]) -> str:
    """A MyST admonition: the dataset (stand-in, a published study's data or the user's file, by
    name and sha256), its sample and variables, then ``parameters`` (phrases such as "rank 3 (fixed)")."""
    file = f"`{dataset.label}`** (sha256 `{dataset.sha256[:12]}…`)"
    if dataset.kind == loader.STANDIN:
        what = STANDIN
    elif dataset.kind == loader.PUBLISHED:
        what = (f"**Data: a published study's data, file {file}, shipped with the book (provenance in "
                "`data/README.md`): neither the stand-in nor a file of yours.")
    else:
        what = f"**Data: user-supplied file {file}."
    sample = (f"Sample {dataset.first_period}–{dataset.last_period} ({dataset.rows} observations); "
              f"variables {', '.join(names)}")
    return (f"```{{admonition}} Which data and parameters this page uses\n:class: note\n{what}\n\n"
            + "; ".join([sample, *parameters]) + ".\n```")
