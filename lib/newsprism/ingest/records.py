"""Articles as records: JSON files, JSON lines and CSV rows, in newsprism's own fields or as
news-please and ``trafilatura --json`` write them.

Every record maps to the same document: ``doc`` is the title, the standfirst (news-please's
``description``, trafilatura's ``excerpt``) and the text (``text`` or ``maintext``), and the
record's outlet, URL, date and authors become fields. A bad record or line is reported and
skipped; the records around it are still read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from newsprism.ingest.base import Document, Problems, iso_date_part, one_line
from newsprism.ingest.mediacloud import is_story_list

TEXT_FIELDS = ("text", "maintext")
STANDFIRST_FIELDS = ("description", "excerpt")
# Each document field and the record fields it is read from, in order of preference; a
# record's own ``date_evidence`` comes after ``published`` and so replaces the one made for it.
FIELD_SOURCES = {
    "outlet": ("outlet", "source_domain", "source-hostname", "sitename", "hostname"),
    "url": ("url", "source"),
    "published": ("published", "date_publish", "date"),
    "byline": ("byline", "authors", "author"),
    "date_evidence": ("date_evidence",),
    "wire": ("wire",),
}
# Fields only news-please or only trafilatura's JSON output writes: they name the format.
NEWS_PLEASE_FIELDS = frozenset({"maintext", "date_publish", "source_domain"})
TRAFILATURA_FIELDS = frozenset({"source-hostname", "hostname", "fingerprint", "raw_text",
                                "excerpt"})
# Formats whose text a tool already extracted from its page.
EXTRACTED_FORMATS = frozenset({"news-please", "trafilatura-json"})


def record_format(record: dict, default: str) -> str:
    """``news-please`` or ``trafilatura-json`` when the record has fields only that tool
    writes, else ``default`` (the file's own kind: ``json``, ``jsonl``, ``csv``)."""
    if not NEWS_PLEASE_FIELDS.isdisjoint(record):
        return "news-please"
    if not TRAFILATURA_FIELDS.isdisjoint(record):
        return "trafilatura-json"
    return default


def _value(record: dict, key: str) -> str:
    """A record field as stripped text; a list (news-please's ``authors``) joined by commas."""
    value = record.get(key)
    if isinstance(value, list):
        return ", ".join(str(item).strip() for item in value if str(item).strip())
    return "" if value is None else str(value).strip()


def record_fields(record: dict, format_name: str) -> dict[str, str]:
    """Metadata fields of a record: the first non-empty source of each, the date as its ISO
    date part, and ``date_evidence`` naming the field the date came from."""
    fields: dict[str, str] = {}
    for column, sources in FIELD_SOURCES.items():
        source = next((key for key in sources if _value(record, key)), None)
        if source is None:
            continue
        fields[column] = _value(record, source)
        if column == "published":
            fields["published"] = iso_date_part(fields["published"])
            fields["date_evidence"] = f"{format_name} {source}"
    return fields


def _text(record: dict) -> str | None:
    """The record's text (``text``, else news-please's ``maintext``) when it has any."""
    return next((value for key in TEXT_FIELDS
                 if isinstance(value := record.get(key), str) and value.strip()), None)


def record_document(article_id: str, record: object, default_format: str,
                    problems: Problems) -> Document | None:
    """The document of one record, or ``None`` (reported) when it has no text."""
    entry: dict = record if isinstance(record, dict) else {}
    text = _text(entry)
    if text is None:
        problems.add(article_id, "no_text_field", "record has no non-empty 'text' or "
                     "'maintext'", "record skipped")
        return None
    format_name = record_format(entry, default_format)
    title = one_line(_value(entry, "title"))
    standfirst = next((value for key in STANDFIRST_FIELDS if (value := _value(entry, key))), "")
    if standfirst and text.lstrip().startswith(standfirst):
        standfirst = ""  # a description that only repeats the lead paragraph
    doc = "\n\n".join(part for part in (title, standfirst, text) if part)
    return Document(article_id, text, doc, format_name, record_fields(entry, format_name),
                    title, standfirst, format_name in EXTRACTED_FORMATS)


def jsonl_documents(name: str, raw: str, problems: Problems) -> Iterator[Document]:
    """One document per non-blank line (``name#N``); a malformed line is reported and skipped,
    the lines after it still read."""
    number = 0
    for line_number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        number += 1
        article_id = f"{name}#{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.add(article_id, "malformed_json_line", f"line {line_number}: {error}",
                         "line skipped")
            continue
        if document := record_document(article_id, record, "jsonl", problems):
            yield document


def json_documents(name: str, raw: str, problems: Problems) -> Iterator[Document]:
    """One document for a JSON object (``name``), one per object of an array (``name#N``);
    a file of several objects one per line is read as JSON lines."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            yield from jsonl_documents(name, raw, problems)
        else:
            problems.add(name, "malformed_json", str(error), "skipped")
        return
    records = enumerate(data, start=1) if isinstance(data, list) else [(0, data)]
    for number, record in records:
        article_id = f"{name}#{number}" if number else name
        if document := record_document(article_id, record, "json", problems):
            yield document


def csv_documents(name: str, raw: str, problems: Problems) -> Iterator[Document]:
    """One document per CSV row (``name#N``); a Media Cloud story list (no text) is reported
    as metadata, and rows after a CSV error are reported as skipped."""
    reader = csv.DictReader(io.StringIO(raw))
    try:
        if is_story_list(reader.fieldnames or []):
            problems.add(name, "metadata_only_csv", "Media Cloud story list (media_name, "
                         "publish_date, title, url) without text", "read as metadata by url")
            return
        for number, record in enumerate(reader, start=1):
            if document := record_document(f"{name}#{number}", record, "csv", problems):
                yield document
    except csv.Error as error:
        problems.add(name, "unreadable_records", str(error), "records after the error skipped")
