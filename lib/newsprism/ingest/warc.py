"""WARC web archives (``.warc``, ``.warc.gz``), read as a stream one record at a time.

Each HTML ``response`` record is one article (``file.warc.gz#N``, N counting HTML responses)
read through trafilatura like an ``.html`` file, with the record's ``WARC-Target-URI`` as its
URL. Requests, metadata and other record types are passed over; a response that is not HTML,
not a success, too large, undecodable or cut off is reported, and the reading goes on.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from newsprism.ingest.base import Document, Problems, looks_binary, too_large
from newsprism.ingest.html import declared_charset, decode_html, html_document

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_BLOCK = 65536
# What a damaged archive raises while its records are parsed or decompressed.
_BROKEN = (ArchiveLoadFailed, StatusAndHeadersParserException, EOFError, zlib.error)


class BrokenArchive(Exception):
    """A WARC archive that cannot be read on: cut off or damaged at this point."""


def _records(stream: BinaryIO) -> Iterator[tuple[ArchiveIterator, ArcWarcRecord]]:
    """The records of an archive with their iterator (which knows their offsets); a record
    whose headers are cut off (no type, no ``Content-Length``) raises ``BrokenArchive``."""
    archive = ArchiveIterator(stream)
    while True:
        try:
            record = next(archive)
        except StopIteration:
            return
        except AttributeError as error:  # warcio's failure on headers cut before the URI
            raise BrokenArchive("a record's headers are cut off") from error
        if record.rec_type is None or record.length is None:
            raise BrokenArchive("a record's headers are cut off")
        yield archive, record


def _mime(record: ArcWarcRecord) -> str:
    """The media type of a response record's HTTP ``Content-Type``, lower case."""
    return _content_type(record).split(";")[0].strip().lower()


def _content_type(record: ArcWarcRecord) -> str:
    """The HTTP ``Content-Type`` of a response record, empty when it has none."""
    headers = record.http_headers
    return (headers.get_header("Content-Type") or "") if headers else ""


def _uri(record: ArcWarcRecord) -> str:
    """The record's ``WARC-Target-URI``, empty when it has none."""
    return record.rec_headers.get_header("WARC-Target-URI") or ""


def _complete(record: ArcWarcRecord) -> bool:
    """Read the rest of the record and tell whether it held all its declared ``Content-Length``
    bytes: a cut-off archive ends in a record that falls short."""
    while record.raw_stream.read(_BLOCK):
        pass
    return record.raw_stream.tell() >= record.length


def _refusal(record: ArcWarcRecord, max_bytes: int) -> tuple[str, str, str] | None:
    """Problem, detail and action for an HTML response that is no article (a failed request,
    a page over ``max_bytes``), else ``None``."""
    status = record.http_headers.get_statuscode()
    if not status.startswith("2"):
        return "http_status", f"HTTP {status} for {_uri(record)}", "skipped"
    if record.length > max_bytes:
        return too_large(record.length, max_bytes)
    return None


def _html(data: bytes, record: ArcWarcRecord, article_id: str,
          problems: Problems) -> str | None:
    """A response body decoded as its declared charset, or ``None`` (reported) when it is
    empty, binary or undecodable."""
    if not data.strip():
        problems.add(article_id, "empty", f"response for {_uri(record)} has no body", "skipped")
        return None
    if looks_binary(data):
        problems.add(article_id, "binary", f"response for {_uri(record)} holds binary data",
                     "skipped")
        return None
    return decode_html(data, declared_charset(_content_type(record), data), article_id,
                       problems)


def warc_documents(path: Path, name: str, problems: Problems,
                   max_bytes: int) -> Iterator[Document]:
    """Documents of the HTML responses of a WARC file, streamed record by record; a page over
    ``max_bytes`` is skipped, like an ``.html`` file, but the archive never is for its size.
    A cut-off or damaged archive keeps the records read before the break (``truncated``)."""
    records = pages = kept = end = 0
    broken = ""
    try:
        with path.open("rb") as stream:
            for archive, record in _records(stream):
                response = record.rec_type == "response"
                page = response and _mime(record) in HTML_TYPES
                pages += page
                refusal = _refusal(record, max_bytes) if page else None
                body = record.content_stream().read() if page and refusal is None else None
                if not _complete(record):
                    broken = "the record is shorter than its Content-Length"
                    break
                records += 1
                end = archive.get_record_offset() + archive.get_record_length()
                if response and not page:
                    problems.add(f"{name}#{_uri(record)}", "not_html", "response is "
                                 f"'{_mime(record) or 'untyped'}', not HTML", "skipped")
                elif refusal is not None:
                    problems.add(f"{name}#{pages}", *refusal)
                elif body is not None and (html := _html(body, record, f"{name}#{pages}",
                                                         problems)) is not None:
                    kept += 1
                    yield html_document(f"{name}#{pages}", html, _uri(record), "warc")
            else:
                stream.seek(end)
                if stream.read(_BLOCK).strip():
                    broken = "bytes after the last whole record are no record"
    except (*_BROKEN, BrokenArchive) as error:
        broken = str(error).strip()
    except OSError as error:
        problems.add(name, "unreadable", str(error), f"{records} records read; the rest skipped")
        return
    if broken and not records:
        problems.add(name, "unreadable", f"not a WARC archive ({broken})", "skipped")
    elif broken:
        problems.add(name, "truncated", f"the archive ends or breaks in record {records + 1}: "
                     f"{broken}", f"{records} records read and {kept} HTML pages kept; "
                     "the rest skipped")
