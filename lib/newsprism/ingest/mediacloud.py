"""Media Cloud story lists: CSVs of ``media_name, publish_date, title, url`` without text.

Such a CSV in the corpus folder is metadata, not articles: its outlet, date and URL are given
to the documents read from other files whose ``url`` (or a ``file`` column) names them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from newsprism.ingest.base import Document, Problems, iso_date_part

STORY_LIST_COLUMNS = frozenset({"media_name", "publish_date", "title", "url"})
# A story list has no text: a CSV with any of these columns holds articles.
TEXT_COLUMNS = frozenset({"text", "maintext"})


def is_story_list(columns: Iterable[str]) -> bool:
    """True for a CSV header with Media Cloud's story columns and no text column."""
    names = {column.strip() for column in columns}
    return STORY_LIST_COLUMNS.issubset(names) and names.isdisjoint(TEXT_COLUMNS)


def url_key(url: str) -> str:
    """A URL compared loosely: no scheme, ``www.``, fragment or trailing slash; host in lower
    case, so that ``http://www.x.org/a/`` and ``https://x.org/a`` match."""
    parts = urlsplit(url.strip())
    address = parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")
    return f"{address}?{parts.query}" if parts.query else address


class StoryLists:
    """The rows of every Media Cloud story list of a corpus, found by file name or URL."""

    def __init__(self) -> None:
        self.by_file: dict[str, tuple[str, int]] = {}
        self.by_url: dict[str, tuple[str, int]] = {}
        self.rows: dict[str, list[dict[str, str]]] = {}
        self.matched: dict[str, set[int]] = {}

    def read(self, path: Path, problems: Problems) -> None:
        """Add the rows of ``path`` when it is a story list; other CSVs are left alone."""
        name = path.name
        try:
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
                reader = csv.DictReader(handle)
                if not is_story_list(reader.fieldnames or []):
                    return
                rows = [self._fields(row) for row in reader]
        except (OSError, csv.Error) as error:
            problems.add(name, "unreadable_metadata", str(error), "metadata ignored")
            return
        self.rows[name] = [fields for fields, _ in rows]
        self.matched[name] = set()
        for number, (fields, file) in enumerate(rows):
            if file:
                self.by_file.setdefault(file, (name, number))
            if key := url_key(fields["url"]):
                self.by_url.setdefault(key, (name, number))

    @staticmethod
    def _fields(row: dict[str, str | None]) -> tuple[dict[str, str], str]:
        """Metadata fields of one story row, and the file it names (empty when none)."""
        value = {key.strip(): (text or "").strip() for key, text in row.items() if key}
        fields = {"outlet": value["media_name"], "url": value["url"],
                  "published": iso_date_part(value["publish_date"])}
        if fields["published"]:
            fields["date_evidence"] = "Media Cloud publish_date"
        return fields, value.get("file", "")

    def attach(self, document: Document) -> None:
        """Give ``document`` the outlet, date and URL of its story row, when it has one."""
        article_id = document.article_id
        found = (self.by_file.get(article_id) or self.by_file.get(article_id.split("#")[0])
                 or self.by_url.get(url_key(document.fields.get("url", ""))))
        if found is None:
            return
        name, number = found
        self.matched[name].add(number)
        document.fields.update({k: v for k, v in self.rows[name][number].items() if v})

    def report_unmatched(self, problems: Problems) -> None:
        """One problem per story list with rows that named no document read."""
        for name, rows in self.rows.items():
            unmatched = len(rows) - len(self.matched[name])
            if unmatched:
                problems.add(name, "metadata_rows_unmatched", f"{unmatched} of {len(rows)} "
                             "story rows match no article by file or url", "rows ignored")
