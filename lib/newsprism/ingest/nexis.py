"""Nexis Uni exports, as plain text or DOCX: many articles in one file, each closed by a line
``End of Document``, split into one document per article.

Each article opens with a masthead (title, publication, date line, copyright), then header
fields (``Section:``, ``Length:``, ``Byline:``, ``Highlight:``), a line ``Body``, the body, and
footer fields (``Classification``, ``Language:``, ``Load-Date:``). Only the title, highlight
and body go into ``doc``, the title and highlight given as the article's title and standfirst;
the publication, date, byline, section and length become fields.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from newsprism.ingest.base import Document, Problems

_END = re.compile(r"^[ \t]*End of Document[ \t]*(?=\r?$)", re.MULTILINE)
_BODY = re.compile(r"^[ \t]*Body:?[ \t]*\r?$", re.MULTILINE | re.IGNORECASE)
_ANY_FIELD = re.compile(r"^[ \t]*(?:Length|Byline|Section|Load-Date)[ \t]*:",
                        re.MULTILINE | re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^\s*(Section|Length|Byline|Highlight|Dateline|Edition|Type|Series|"
                           r"Correction)\s*:\s*(.*?)\s*$", re.IGNORECASE)
# The fields that open the header (a title may well start "Type:" or "Series:").
_OPENING_FIELDS = ("section", "length", "byline", "highlight", "dateline")
_FOOTER_FIELD = re.compile(
    r"^\s*(Load-Date|Language|Publication-Type|Subject|Organization|Geographic|Person|"
    r"Industry|Ticker|Company|Document-Type|Notes|Graphic|Journal Code|Correction-Date|"
    r"Country|City|State)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_CLASSIFICATION = re.compile(r"^\s*Classification\s*$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^\s*(?:Copyright\b|©|\(c\)\s)", re.IGNORECASE)
# Header fields whose value may wrap onto the lines that follow.
_WRAPPING = ("highlight", "byline")
_MONTHS = {name: number for number, names in enumerate(
    ("january jan", "february feb", "march mar", "april apr", "may", "june jun",
     "july jul", "august aug", "september sep sept", "october oct", "november nov",
     "december dec"), start=1) for name in names.split()}
# "June 1, 2025 Sunday", "Sunday, June 1, 2025", "1 June 2025": the date a line starts with.
_DATE = re.compile(r"^\s*(?:[A-Za-z]+day,?\s+)?(?:(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?"
                   r"|(?P<day2>\d{1,2})\s+(?P<month2>[A-Za-z]+)\.?,?)\s+(?P<year>\d{4})(?!\d)")
_WORD_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class _Line:
    """One line of an export: where it starts in the text, and its text without line end."""

    start: int
    text: str


def looks_like_nexis(text: str) -> bool:
    """True for a Nexis export: an ``End of Document`` line, a ``Body`` line and a header or
    footer field such as ``Length:`` or ``Load-Date:``."""
    return all(pattern.search(text) for pattern in (_END, _BODY, _ANY_FIELD))


def parse_date_line(line: str) -> str:
    """The ISO date a Nexis date line starts with (``June 1, 2025 Sunday``, ``1 June 2025``),
    or an empty string when it starts with no English date."""
    match = _DATE.match(line)
    if match is None:
        return ""
    month = _MONTHS.get((match["month"] or match["month2"]).lower())
    try:
        return dt.date(int(match["year"]), month or 0, int(match["day"] or match["day2"])
                       ).isoformat()
    except ValueError:
        return ""


def _lines(text: str, start: int, end: int) -> list[_Line]:
    """The lines of ``text[start:end]`` with their offsets in ``text``."""
    lines, offset = [], start
    for line in text[start:end].split("\n"):
        lines.append(_Line(offset, line.rstrip("\r")))
        offset += len(line) + 1
    return lines


def _masthead(lines: list[_Line]) -> tuple[int, str, str, str]:
    """Where the title starts (line index), the title, the publication and the date line of
    the lines before the header fields; the date line is the first after the title that
    starts with a date, else the last line when there are three or more."""
    shown = [i for i, line in enumerate(lines)
             if line.text.strip() and not _COPYRIGHT.match(line.text)]
    if not shown:
        return len(lines), "", "", ""
    dated = next((k for k in range(1, len(shown)) if parse_date_line(lines[shown[k]].text)),
                 len(shown) - 1 if len(shown) >= 3 else len(shown))
    date = lines[shown[dated]].text.strip() if dated < len(shown) else ""
    outlet = lines[shown[dated - 1]].text.strip() if dated >= 2 else ""
    last = dated - 2 if outlet else dated - 1
    first = last
    while first > 0 and shown[first - 1] == shown[first] - 1:
        first -= 1  # a title that wraps onto the lines before
    title = " ".join(lines[i].text.strip() for i in shown[first:last + 1])
    return shown[first], title, outlet, date


def _header_fields(lines: list[_Line]) -> dict[str, str]:
    """Header fields by lower-case name; a highlight or byline that wraps is joined."""
    fields: dict[str, str] = {}
    current = None
    for line in lines:
        match = _HEADER_FIELD.match(line.text)
        if match:
            current = match[1].lower()
            fields[current] = match[2]
        elif current in _WRAPPING and line.text.strip():
            fields[current] = f"{fields[current]} {line.text.strip()}".strip()
        else:
            current = None
    return fields


def _footer_start(lines: list[_Line]) -> int:
    """Index of the first footer line after the body: the last ``Classification`` line, else
    the trailing run of blank lines and footer fields."""
    marks = [i for i, line in enumerate(lines) if _CLASSIFICATION.match(line.text)]
    if marks:
        return marks[-1]
    start = len(lines)
    while start > 0 and (not lines[start - 1].text.strip()
                         or _FOOTER_FIELD.match(lines[start - 1].text)):
        start -= 1
    return start


def _published(date: str, footer: list[_Line]) -> dict[str, str]:
    """``published`` and ``date_evidence`` from the date line, else the ``Load-Date:``;
    an unreadable date line is passed on as written, for date parsing to report."""
    if iso := parse_date_line(date):
        return {"published": iso, "date_evidence": f"Nexis date line: '{date}'"}
    for line in footer:
        match = _FOOTER_FIELD.match(line.text)
        if match and match[1].lower() == "load-date" and (iso := parse_date_line(match[2])):
            return {"published": iso, "date_evidence": f"Nexis Load-Date: '{match[2]}'"}
    return {"published": date, "date_evidence": f"Nexis date line: '{date}'"} if date else {}


def _article(article_id: str, text: str, start: int, end: int, format_name: str,
             problems: Problems) -> Document | None:
    """The document of the export's article in ``text[start:end]``, or ``None`` (reported)
    when it has no ``Body`` line."""
    lines = _lines(text, start, end)
    if lines and _END.match(lines[-1].text):
        lines.pop()
    body = next((i for i, line in enumerate(lines) if _BODY.match(line.text)), None)
    if body is None:
        problems.add(article_id, "nexis_without_body", "no 'Body' line in this document of "
                     "the export", "skipped")
        return None
    fields_at = next((i for i in range(body) if (match := _HEADER_FIELD.match(lines[i].text))
                      and match[1].lower() in _OPENING_FIELDS), body)
    first, title, outlet, date = _masthead(lines[:fields_at])
    header = _header_fields(lines[fields_at:body])
    footer = _footer_start(lines[body + 1:]) + body + 1
    text_end = lines[footer].start if footer < len(lines) else lines[-1].start + len(
        lines[-1].text)
    body_text = text[lines[body].start + len(lines[body].text):text_end].strip().replace(
        "\r\n", "\n")
    highlight = header.get("highlight", "")
    if " ".join(body_text.split()).startswith(highlight):
        highlight = ""  # a highlight that only repeats the lead paragraph
    doc = "\n\n".join(part for part in (title, highlight, body_text) if part)
    fields = {"outlet": outlet, **_published(date, lines[footer:]),
              **{key: header.get(key, "") for key in ("byline", "section", "length")}}
    raw = text[lines[first].start if first < len(lines) else start:end]
    return Document(article_id, raw, doc, format_name,
                    {key: value for key, value in fields.items() if value}, title, highlight,
                    pre_extracted=True)


def nexis_documents(name: str, text: str, format_name: str,
                    problems: Problems) -> Iterator[Document]:
    """One document per article of a Nexis export (``name#1``, ``name#2`` ...); ``raw`` is
    the article's slice of the export, from its title to its ``End of Document`` line."""
    start = 0
    ends = [match.end() for match in _END.finditer(text)]
    if text[ends[-1] if ends else 0:].strip():
        ends.append(len(text))  # an article after the last end line (an export cut short)
    for number, end in enumerate(ends, start=1):
        if document := _article(f"{name}#{number}", text, start, end, format_name, problems):
            yield document
        start = end


def docx_text(data: bytes) -> str:
    """The paragraphs of a DOCX file's main document, with a blank line between them; tabs
    and line breaks inside a paragraph are kept. Raises ``ValueError`` for a file that is no
    Word document."""
    paragraphs = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, \
                archive.open("word/document.xml") as xml:
            for _, element in ElementTree.iterparse(xml):
                if element.tag == f"{_WORD_NAMESPACE}p":
                    if paragraph := _paragraph_text(element).strip():
                        paragraphs.append(paragraph)
                    element.clear()  # a paragraph nested in this one is not read twice
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise ValueError(f"not a Word document ({error})") from error
    return "\n\n".join(paragraphs)


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    """Text of one ``w:p`` element: its ``w:t`` runs, tabs and line breaks."""
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{_WORD_NAMESPACE}t":
            parts.append(node.text or "")
        elif node.tag == f"{_WORD_NAMESPACE}tab":
            parts.append("\t")
        elif node.tag in (f"{_WORD_NAMESPACE}br", f"{_WORD_NAMESPACE}cr"):
            parts.append("\n")
    return "".join(parts)
