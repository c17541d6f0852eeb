"""Publication tables: one call, :func:`table`, for every table of every chapter.

A chapter hands over a DataFrame of *values* (numbers, booleans, text, NaN) and says what the
reader needs beside them: the digits that matter, why a cell is empty, the source and notes
lines under the table. :func:`table` returns a :class:`Table` whose HTML myst-nb embeds as is:

* a missing value shows as "–", and a footnote says why (:data:`NOT_REPORTED`,
  :data:`NOT_COMPUTABLE`, :data:`BEYOND_HORIZON` or a reason of the chapter's own); a missing
  value without a reason is an error, so no table can show a bare gap;
* booleans show as words ("yes" / "no" unless the chapter names its own);
* floats show with the digits asked for (at most :data:`MAX_DIGITS` decimals), integers as
  integers;
* no cell is shortened (the whole value is rendered; long text wraps inside its column), and
  the table sits in a ``div.vb-table`` that scrolls sideways inside itself when the page is
  narrower than the table (``book/_static/vecmbook.css``); a table of a few text columns can
  instead ask to be *stacked* on a narrow screen, each row a block of cells labelled by their
  column;
* the HTML is the same on every build: Styler's table id is a hash of the cells, not a random
  uuid.

Why pandas' Styler rather than great-tables: the book's tables are pandas frames, many with
MultiIndex rows or columns (the EViews layouts, the paper-vs-ours tables), which Styler renders
as grouped headers directly and great-tables would need flattened into its own row groups and
spanners; Styler needs only jinja2, already in the lock, so the book gains no dependency; and
its output is a plain HTML table that the book's stylesheet controls. The cells are formatted
here, once, into text, and Styler only lays them out (it escapes nothing we did not escape).
"""
from __future__ import annotations

import hashlib
import html
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

MISSING = "–"
NOT_REPORTED = "not reported by the paper"
NOT_COMPUTABLE = "not computable at this sample"
BEYOND_HORIZON = "beyond the paper's horizon"
#: the most decimals any table shows (EViews layouts print six)
MAX_DIGITS = 6
#: text longer than this wraps in a column at least 14 em wide instead of staying on one line
LONG_TEXT = 24
_MARKS = "abcdefghij"

Reasons = str | Mapping[object, str] | pd.DataFrame | None


@dataclass(frozen=True)
class Table:
    """A rendered table: ``frame`` the values given, ``cells`` the text shown, ``html`` the page's HTML."""

    frame: pd.DataFrame
    cells: pd.DataFrame
    footnotes: tuple[str, ...]
    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:  # text/plain beside the HTML: the cells as shown, never cut
        with pd.option_context("display.max_rows", None, "display.max_columns", None,
                               "display.max_colwidth", None, "display.width", 10_000):
            return self.cells.to_string()


def is_missing(value: object) -> bool:
    """None, NaN, pd.NA, NaT and the empty string are missing; anything else is a value."""
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # arrays and other containers are values
        return False


def cell_text(value: object, digits: int, words: tuple[str, str] = ("yes", "no")) -> str:
    """One cell as shown: a boolean as a word, an integer as such, a float to ``digits`` decimals."""
    if not 0 <= digits <= MAX_DIGITS:
        raise ValueError(f"digits must be 0..{MAX_DIGITS}, got {digits}")
    if isinstance(value, (bool, np.bool_)):
        return words[0] if value else words[1]
    if isinstance(value, numbers.Integral):
        return f"{int(value):d}"
    if isinstance(value, numbers.Real):
        text = f"{float(value):.{digits}f}"
        return text if float(text) != 0 or not text.startswith("-") else text[1:]  # no "-0.00"
    return str(value)


def _per_column(option, columns: pd.Index, default):
    if isinstance(option, Mapping):
        return {c: option.get(c, option.get(c[0] if isinstance(c, tuple) else None, default))
                for c in columns}
    return dict.fromkeys(columns, default if option is None else option)


def _reasons(frame: pd.DataFrame, missing: Reasons) -> pd.DataFrame:
    """The reason of every missing cell (None elsewhere); a missing cell without one raises."""
    gaps = frame.map(is_missing) if len(frame.columns) else pd.DataFrame(index=frame.index)
    if isinstance(missing, pd.DataFrame):
        reasons = missing.reindex(index=frame.index, columns=frame.columns)
    else:
        per = _per_column(missing, frame.columns, None)
        reasons = pd.DataFrame({c: [per[c]] * len(frame) for c in frame.columns}, index=frame.index,
                               columns=frame.columns)
    reasons = reasons.where(gaps, None)
    bare = gaps & reasons.map(lambda r: not isinstance(r, str) or not r)
    if bare.to_numpy().any():
        where = [c for c in frame.columns if bare[c].any()]
        raise ValueError(f"missing values without a reason in columns {where}: pass missing=... "
                         f"(e.g. tables.NOT_REPORTED) so the footnote can say why")
    return reasons


def _inline(text: str) -> str:
    """Escape ``text`` for HTML, keeping `code` spans and [links](url) as such."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', out)


def table(frame: pd.DataFrame, *, digits: int | Mapping[object, int] = 3, missing: Reasons = None,
          words: tuple[str, str] | Mapping[object, tuple[str, str]] = ("yes", "no"),
          source: str | None = None, notes: Sequence[str] = (), caption: str | None = None,
          index: bool = True, links: Sequence[object] = (), transpose: bool = False,
          stack: bool = False) -> Table:
    """Render ``frame`` for the book.

    ``digits``: decimals of float cells, for all columns or per column (unlisted: 3, or 0
    for a float column of whole numbers, i.e. integers pandas made floats beside a gap).
    ``missing``: why cells are empty — one reason, {column: reason}, or a frame of reasons
    shaped like ``frame``. ``words``: (true, false) words of boolean cells, overall or per
    column. ``source`` and ``notes``: lines under the table ("Source: …", "Note: …"; `code`
    and [text](url) are kept). ``caption``: a bold title above. ``index=False`` hides the row
    labels. ``links``: columns of space-separated URLs, each shown as a link named by its host.
    Floats in text columns are formatted too, so a mixed column cannot leak ``0.1234567891``.
    ``transpose``: show rows as columns (a table too wide for the text column), each cell
    formatted as its column of ``frame`` asks. ``stack``: on a screen narrower than the table's
    columns need (``book/_static/vecmbook.css``), show each row as a block, one line per cell
    after its column's name, instead of squeezing columns of text until their words break.
    """
    frame = frame.copy()
    reasons = _reasons(frame, missing)
    places = _per_column(digits, frame.columns, 3)
    given = set(digits) if isinstance(digits, Mapping) else set()
    for col in frame.columns:
        if col not in given and _whole(frame[col]):
            places[col] = 0  # integers that pandas turned into floats beside a missing value
    bools = {c: w for c, w in _per_column(words, frame.columns, ("yes", "no")).items()}
    order = list(dict.fromkeys(r for r in reasons.to_numpy().ravel() if isinstance(r, str)))
    marks = {r: ("" if len(order) == 1 else _MARKS[i]) for i, r in enumerate(order)}
    cells = pd.DataFrame(index=frame.index, columns=frame.columns, dtype=object)
    shown = cells.copy()
    for j, col in enumerate(frame.columns):
        for i, value in enumerate(frame.iloc[:, j]):
            reason = reasons.iat[i, j]
            if isinstance(reason, str):
                cells.iat[i, j] = MISSING + marks[reason]
                shown.iat[i, j] = MISSING + (f"<sup>{marks[reason]}</sup>" if marks[reason] else "")
                continue
            text = cell_text(value, places[col], bools[col])
            cells.iat[i, j] = text
            safe = html.escape(text, quote=False)
            shown.iat[i, j] = _links(text) if col in links else safe
    footnotes = tuple(f"{MISSING}{marks[r]} {r}." for r in order)
    if transpose:
        frame, cells, shown = frame.T, cells.T, shown.T
    return Table(frame, cells, footnotes, _html(shown, cells, footnotes, source, notes, caption, index, stack))


def _whole(column: pd.Series) -> bool:
    """A float column whose values are all whole numbers (counts, years) and not all missing."""
    if column.dtype.kind != "f":
        return False
    values = column.dropna().to_numpy()
    return values.size > 0 and bool(np.all(np.isfinite(values) & (values == np.round(values))))


def _links(text: str) -> str:
    """Every http(s) address in ``text`` as a link showing its host name; other words escaped."""
    def one(word: str) -> str:
        if not word.startswith(("http://", "https://")):
            return html.escape(word, quote=False)
        host = re.sub(r"^https?://(www\.)?", "", word).split("/")[0]
        return f'<a href="{html.escape(word)}">{html.escape(host)}</a>'
    return ", ".join(one(w) for w in text.split()) if "http" in text else html.escape(text, quote=False)


def _label_text(value: object) -> str:
    return cell_text(value, 3) if isinstance(value, (bool, np.bool_, float)) else str(value)


def _label(value: object) -> str:
    return html.escape(_label_text(value))


def _label_cells(body: str, columns: pd.Index) -> str:
    """Give every data cell of Styler's HTML its column's name (``data-label``), which the
    stacked layout shows before the cell."""
    names = [html.escape(" ".join(map(_label_text, c)) if isinstance(c, tuple) else _label_text(c), quote=True)
             for c in columns]
    return re.sub(r'<td class="data row\d+ col(\d+)',
                  lambda m: f'<td data-label="{names[int(m.group(1))]}"{m.group(0)[3:]}', body)


def _html(shown: pd.DataFrame, cells: pd.DataFrame, footnotes: Sequence[str],
          source: str | None, notes: Sequence[str], caption: str | None, index: bool, stack: bool) -> str:
    # a column with any long text is a text column throughout: one alignment per column
    text_columns = cells.map(lambda t: len(str(t)) > LONG_TEXT).any(axis=0).to_numpy()
    long_text = pd.DataFrame(np.tile(np.where(text_columns, "vb-text", ""), (len(cells), 1)),
                             index=cells.index, columns=cells.columns)
    uid = hashlib.sha1(repr((cells.to_numpy().tolist(), list(cells.columns), list(cells.index)))
                       .encode()).hexdigest()[:8]  # stable across builds
    styler = (Styler(shown, uuid=uid, cell_ids=False, escape=None)
              .set_td_classes(long_text)
              .set_table_attributes(f'class="vb{" vb-stack" if stack else ""}"')
              .format_index(_label, axis=0)
              .format_index(_label, axis=1))
    if not index:
        styler = styler.hide(axis="index")
    body = styler.to_html()
    if stack:
        body = _label_cells(body, cells.columns)
    lines = [*footnotes, *(["Source: " + source.removeprefix("Source: ").removeprefix("Data: ")] if source else []),
             *(n if n.startswith("Note") else f"Note: {n}" for n in notes)]
    under = "".join(f'<p class="vb-note">{_inline(line)}</p>' for line in lines)
    title = f'<p class="vb-caption">{_inline(caption)}</p>' if caption else ""
    return f'<div class="vb-table-block">{title}<div class="vb-table">{body}</div>{under}</div>'
