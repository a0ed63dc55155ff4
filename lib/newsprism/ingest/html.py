"""HTML pages: main text and metadata through trafilatura, and decoding by a declared charset.

Shared by ``.html`` files and the HTML responses of WARC archives.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newsprism.ingest.base import Document, Problems, decode, one_line

# A charset named in an HTTP Content-Type header, or in a <meta> tag of a page's first bytes.
_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def html_document(article_id: str, raw: str, url: str = "",
                  format_name: str = "html") -> Document:
    """Main text and metadata of an HTML page through trafilatura; ``url`` (where the page was
    fetched from) is the ``url`` field and helps trafilatura find the date and site name."""
    import trafilatura  # heavy (lxml, dateparser): loaded only when HTML is read

    result = trafilatura.bare_extraction(raw, url=url or None, with_metadata=True,
                                         include_comments=False)
    title = one_line(getattr(result, "title", None) or "") if result else ""
    text = (getattr(result, "text", None) or "").strip() if result else ""
    fields = {}
    if result is not None:
        for name, attr in (("outlet", "sitename"), ("url", "url"), ("published", "date")):
            if value := getattr(result, attr, None):
                fields[name] = str(value)
        if "published" in fields:
            fields["date_evidence"] = "HTML metadata (trafilatura)"
    if url:
        fields["url"] = url
    doc = f"{title}\n\n{text}" if title else text
    return Document(article_id, raw, doc, format_name, fields, title, pre_extracted=True)


def declared_charset(content_type: str, data: bytes) -> str:
    """The charset an HTTP ``Content-Type`` names, else the page's ``<meta>`` charset, else
    an empty string."""
    if match := _CHARSET.search(content_type):
        return match.group(1).lower()
    meta = _META_CHARSET.search(data[:4096])
    return meta.group(1).decode("ascii", "replace").lower() if meta else ""


def decode_html(data: bytes, charset: str, name: str, problems: Problems) -> str | None:
    """Page bytes decoded by their declared ``charset``; when that fails (unknown name or bytes
    it cannot decode), by detection, reported as ``charset_mismatch``. Undeclared: UTF-8,
    else cp1252, as for text files. ``None`` when nothing decodes."""
    if not charset:
        return decode(data, name, problems)
    try:
        codec = codecs.lookup(charset).name
        return data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except (LookupError, UnicodeDecodeError) as error:
        failure = f"declared charset '{charset}' fails ({error})"
    best = from_bytes(data).best()
    if best is None:
        problems.add(name, "undecodable", f"{failure}; no other encoding fits", "skipped")
        return None
    problems.add(name, "charset_mismatch", f"{failure}; detected {best.encoding}",
                 f"decoded as {best.encoding}")
    return str(best)
