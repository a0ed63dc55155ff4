"""What every format reader shares: the ``Document`` it yields, the ``Problems`` it reports by
name, and byte-level checks (binary data, decoding).

Kept apart from ``corpus.py`` so that the format modules (records, Nexis, WARC) can build
documents without importing the corpus reader that dispatches to them.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import pandas as pd

METADATA_COLUMNS = ["outlet", "url", "published", "date_evidence", "wire", "outlet_group"]
# Metadata columns a metadata file may leave out without a warning: outlet_group is free text
# (wire, Israeli, Arab, Iranian state ...) for comparing groups of outlets.
OPTIONAL_METADATA = ("outlet_group",)
PROBLEM_COLUMNS = ["file", "problem", "detail", "action"]
# Control bytes that mark binary data (tab, newline, form feed and carriage return do not).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")


class CorpusWarning(UserWarning):
    """A problem with one input file or metadata row; the rest of the corpus goes on."""


@dataclass
class Document:
    """One article as read: ``raw`` is the exact decoded input, ``doc`` the text offsets index.

    ``doc`` equals ``raw`` for plain text; for HTML it is trafilatura's main text, and for a
    record or export with a separate title it is the title, the standfirst when there is one,
    and the text, each after a blank line. ``title`` and ``standfirst`` are those the input
    gives (the title on one line), and ``pre_extracted`` says that a tool (trafilatura,
    news-please, Nexis) already took the text out of its page.
    """

    article_id: str
    raw: str
    doc: str
    format: str
    fields: dict[str, str] = field(default_factory=dict)
    title: str = ""
    standfirst: str = ""
    pre_extracted: bool = False


class Problems:
    """Collects input problems as table rows and emits each as a warning."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.by_file: dict[str, list[str]] = {}

    def add(self, file: str, problem: str, detail: str, action: str) -> None:
        """Record one problem and warn, naming the file."""
        self.rows.append({"file": file, "problem": problem, "detail": detail, "action": action})
        self.by_file.setdefault(file, []).append(problem)
        warnings.warn(f"{file}: {problem}: {detail} ({action})", CorpusWarning, stacklevel=3)

    def for_file(self, file: str) -> str:
        """The problems recorded for ``file`` (or its whole container file), joined."""
        container = file.split("#")[0]
        found = self.by_file.get(container, []) if container != file else []
        return "; ".join([*found, *self.by_file.get(file, [])])

    def frame(self) -> pd.DataFrame:
        """The problems as a DataFrame."""
        return pd.DataFrame(self.rows, columns=PROBLEM_COLUMNS)


def decode(data: bytes, name: str, problems: Problems) -> str | None:
    """UTF-8 (BOM tolerated), else cp1252 with a warning; ``None`` when neither fits."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        position = error.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        problems.add(name, "undecodable", f"not UTF-8 (byte {position}) nor cp1252 "
                     f"(byte {error.start})", "skipped")
        return None
    problems.add(name, "not_utf8", f"invalid UTF-8 at byte {position}; decoded as cp1252",
                 "read as cp1252: check accented characters")
    return text


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KB mark a non-text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.05


def one_line(text: str) -> str:
    """``text`` with its runs of white space (line breaks too) as single spaces: a title."""
    return " ".join(text.split())


def too_large(size: int, max_bytes: int) -> tuple[str, str, str]:
    """Problem, detail and action of one article of ``size`` bytes over ``max_bytes``."""
    return ("too_large", f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit for "
            "one article", "skipped (raise max_bytes to include)")


def iso_date_part(value: str) -> str:
    """The ``YYYY-MM-DD`` a timestamp starts with (as written, no time zone shift), else the
    value unchanged so that date parsing can still read or report it."""
    match = _ISO_START.match(value.strip())
    return match.group() if match else value.strip()
