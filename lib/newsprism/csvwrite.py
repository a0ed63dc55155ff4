"""Tables written as CSV with Arrow compute: the bytes ``DataFrame.to_csv(index=False)``
writes, made several times faster, with one repair: a field holding a carriage return is
quoted (pandas leaves it bare, and its own reader then breaks the row there).

pandas formats every field as a Python string and hands rows to the ``csv`` module; on the
large cross-article tables that is most of a step's time. Here each column is formatted and
quoted as one Arrow array (category columns: only the categories in use, once) and rows are
joined in Arrow. Columns of a type this module does not format (time zones, times of day,
``float32`` …) send the whole frame through pandas, so the output is the same either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Rows encoded at once: a slice's text is held a few times over while it is built, and a
# discrepancy row (two sentences) runs to 1.5 KB, so this keeps that to tens of MB.
ROWS = 10_000
# A field holding any of these is quoted (the csv module's QUOTE_MINIMAL, plus "\r").
_NEEDS_QUOTES = r'[",\n\r]'
# Python writes floats in plain digits from 1e-4 up to 1e16, with exponents beyond; Arrow
# gives the same shortest digits but its own choice of exponents, so those are rewritten.
_PLAIN_FLOATS = (1e-4, 1e16)
# Separators as large strings, the type of the encoded columns.
_LARGE = {text: pa.scalar(text, pa.large_string()) for text in (",", "\n", "", '""')}


def write_frame(frame: pd.DataFrame, target: BinaryIO, header: bool = True) -> None:
    """Write ``frame`` (its index left out) as CSV into the binary stream ``target``."""
    if header:
        target.write(csv_bytes(frame.iloc[:0], header=True))
    for start in range(0, len(frame), ROWS):
        for part in _encoded(frame.iloc[start:start + ROWS], header=False):
            target.write(part)


def write_file(frame: pd.DataFrame, path: str | Path, append: bool = False) -> None:
    """Write ``frame`` as the CSV file ``path``, or add its rows (no header) to the file."""
    with Path(path).open("ab" if append else "wb") as handle:
        write_frame(frame, handle, header=not append)


def csv_bytes(frame: pd.DataFrame, header: bool = True) -> bytes:
    """``frame.to_csv(index=False, header=header, lineterminator="\\n")``, UTF-8 encoded,
    except that a field holding a carriage return is quoted."""
    return b"".join(bytes(part) for part in _encoded(frame, header))


def _encoded(frame: pd.DataFrame, header: bool) -> list[bytes | pa.Buffer]:
    """The CSV text of ``frame`` in parts (header, then rows), written out without being
    copied into one string."""
    fields = [_field_text(frame.iloc[:, k]) for k in range(frame.shape[1])]
    if not fields or any(field is None for field in fields):
        return [_pandas_csv(frame, header)]
    if len(fields) == 1:  # the csv module quotes a row's only field when it is empty
        fields[0] = pc.if_else(pc.equal(fields[0], _LARGE[""]), _LARGE['""'], fields[0])
    parts: list[bytes | pa.Buffer] = []
    if header:
        names = _quoted(pa.array([str(name) for name in frame.columns], pa.string()))
        parts.append((",".join(names.to_pylist()) + "\n").encode("utf-8"))
    if not frame.empty:
        fields[-1] = pc.binary_join_element_wise(fields[-1], _LARGE["\n"], _LARGE[""])
        parts.append(_joined(pc.binary_join_element_wise(*fields, _LARGE[","])))
    return parts


def _pandas_csv(frame: pd.DataFrame, header: bool) -> bytes:
    """The frame written by pandas itself, for the frames this module does not encode."""
    return frame.to_csv(index=False, header=header, lineterminator="\n").encode("utf-8")


def _joined(lines: pa.Array) -> pa.Buffer:
    """The text of a large-string array's values one after another (its data, not copied)."""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)
    first, last = int(offsets[lines.offset]), int(offsets[lines.offset + len(lines)])
    return lines.buffers()[2].slice(first, last - first)


def _field_text(column: pd.Series) -> pa.Array | None:
    """The column's CSV fields, quoted, as a large-string array; None for a type this module
    does not format as pandas would."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _category_text(column)
    text = _plain_text(column)
    return None if text is None else pc.cast(_quoted(text), pa.large_string())


def _category_text(column: pd.Series) -> pa.Array | None:
    """Fields of a category column: the categories in use formatted once, then repeated."""
    codes = column.cat.codes.to_numpy()
    used, positions = np.unique(codes, return_inverse=True)
    categories = pd.Series(column.cat.categories[used[used >= 0]])
    text = _plain_text(categories)
    if text is None:
        return None
    if used.size and used[0] < 0:  # missing values: the first of ``used``, written empty
        text = pa.concat_arrays([pa.array([""], pa.string()), text.cast(pa.string())])
    quoted = pc.cast(_quoted(text), pa.large_string())
    return pc.take(quoted, pa.array(positions.reshape(-1), pa.int64()))


def _plain_text(column: pd.Series) -> pa.Array | None:
    """Unquoted fields of a column that is not a category, missing values empty."""
    text = _unchunked_text(column)
    return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text


def _unchunked_text(column: pd.Series) -> pa.Array | pa.ChunkedArray | None:
    """:func:`_plain_text`, as one array or in the chunks of an Arrow-backed column."""
    dtype = column.dtype
    if dtype in ("bool", "boolean"):  # numpy's, or pandas' with missing values (empty)
        flags = pa.array(column, type=pa.bool_(), from_pandas=True)
        return pc.fill_null(pc.if_else(flags, "True", "False"), "")
    if pd.api.types.is_integer_dtype(dtype):
        return pc.fill_null(pc.cast(pa.array(column, from_pandas=True), pa.string()), "")
    if dtype in ("float64", "Float64"):
        return _float_text(column.to_numpy(dtype="float64", na_value=np.nan))
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        return _date_text(column.to_numpy())
    if pd.api.types.is_string_dtype(dtype):
        try:
            return pc.fill_null(pa.array(column, type=pa.string(), from_pandas=True), "")
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None  # an object column holding more than text
    return None


def _float_text(values: np.ndarray) -> pa.Array:
    """Floats as Python's ``repr`` writes them (``12.0``, ``1e-05``), NaN empty."""
    text = pc.cast(pa.array(values), pa.string())
    whole = pc.match_substring_regex(text, r"^-?\d+$")
    text = pc.if_else(whole, pc.binary_join_element_wise(text, ".0", ""), text)
    size = np.abs(values)
    odd = np.isfinite(values) & (values != 0) & (
        (size < _PLAIN_FLOATS[0]) | (size >= _PLAIN_FLOATS[1])
        | pc.match_substring(text, "e").to_numpy(zero_copy_only=False))
    if odd.any():
        fixed = np.asarray(text.to_pylist(), dtype=object)
        fixed[odd] = [repr(value) for value in values[odd].tolist()]
        text = pa.array(fixed, pa.string())
    return pc.if_else(pa.array(np.isnan(values)), "", text)


def _date_text(values: np.ndarray) -> pa.Array | None:
    """Dates without a time of day as ``YYYY-MM-DD`` (NaT empty); None when a time is set."""
    days = values.astype("datetime64[D]")
    known = ~np.isnat(values)
    if (values[known] != days[known]).any():
        return None
    return pc.fill_null(pc.cast(pa.array(days, pa.date32()), pa.string()), "")


def _quoted(text: pa.Array) -> pa.Array:
    """Fields holding a quote, comma or line break in quotes, their quotes doubled."""
    needs = pc.match_substring_regex(text, _NEEDS_QUOTES)
    if not pc.any(needs).as_py():
        return text
    wrapped = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    return pc.if_else(needs, wrapped, text)
