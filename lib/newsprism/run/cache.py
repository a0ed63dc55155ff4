"""On-disk cache of per-article results, keyed by content hash, so re-runs only redo what changed.

Layout: ``<root>/v1/<namespace>/<pack>/`` where the namespace digests the newsprism code and
every loaded data file (``DataFiles.fingerprint()``): editing a lexicon or taxonomy, or
upgrading newsprism, starts a fresh namespace, so nothing stale is ever read. A pack holds
the results of up to ``pack_size`` articles as plain Parquet tables, readable with any
Parquet reader: ``results.parquet`` (one row per article: its entry number, article id,
skip reason and problem), ``articles.parquet`` (the article rows, full texts included) and
one file per per-article table, typed as the extract writes it, each row with the
``entry`` it belongs to. ``manifest.json`` lists the entry keys and each file's SHA-256.
Packs are written to a temporary folder and renamed into place, so a reader sees whole packs
or none; a pack whose files do not match its manifest is deleted and its articles
recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsprism import __version__
from newsprism.clean.document import ARTICLE_COLUMNS
from newsprism.ingest.corpus import Document
from newsprism.run.analyse import COLUMNS, ArticleResult
from newsprism.tables import rows_table

CACHE_ENV = "NEWSPRISM_CACHE"
LAYOUT = "v1"
MANIFEST = "manifest.json"
RESULTS = "results.parquet"
ARTICLES = "articles.parquet"
ENTRY = "entry"
# The article row as ``clean_document`` makes it: texts and dates as strings, counts as ints.
_ROW_TYPES = {column: pa.int64() if column in ("words", "sentences") else pa.string()
              for column in ARTICLE_COLUMNS if column != "problems"}
PACK_SIZE = 500
OPEN_PACKS = 4
TEMP_PREFIX = ".tmp-"


class CorruptPack(Exception):
    """A cache pack whose files are missing, unreadable or differ from its manifest."""


def default_cache_dir() -> Path:
    """``$NEWSPRISM_CACHE``, else ``$XDG_CACHE_HOME/newsprism``, else ``~/.cache/newsprism``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsprism"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Digest of newsprism's version and source files: new code never reads old results."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def document_key(document: Document) -> str:
    """SHA-256 of everything ``analyse`` reads from a document: id, format, texts, metadata."""
    digest = hashlib.sha256()
    fields = json.dumps(document.fields, sort_keys=True, default=str)
    for part in (document.article_id, document.format, document.raw, document.doc, fields):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _sha(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def _parquet_bytes(table: pa.Table) -> bytes:
    """An Arrow table as Parquet bytes."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


@dataclass
class CacheStats:
    """What the latest run found: hits, misses, entries written and corrupt packs rebuilt."""

    hits: int = 0
    misses: int = 0
    written: int = 0
    corrupt: int = 0


@dataclass
class _Pack:
    """One loaded pack: per-entry article id, row, skip reason and kind, and table rows."""

    article_ids: list[str]
    rows: list[dict | None]
    skipped: list[str | None]
    problems: list[str | None]
    tables: dict[str, list[list[tuple]]] = field(default_factory=dict)

    def result(self, position: int) -> ArticleResult:
        """The cached result of one entry."""
        tables = {name: rows[position] for name, rows in self.tables.items()}
        return ArticleResult(self.article_ids[position], self.rows[position], tables,
                             self.skipped[position], self.problems[position])


class ResultCache:
    """Per-article results on disk; ``bind`` to the run's data files before use.

    ``root`` defaults to :func:`default_cache_dir`. ``stats`` counts the latest bound run.
    """

    def __init__(self, root: str | Path | None = None, pack_size: int = PACK_SIZE) -> None:
        self.root = Path(root).expanduser() if root is not None else default_cache_dir()
        self.pack_size = pack_size
        self.stats = CacheStats()
        self.folder: Path | None = None
        self._index: dict[str, tuple[str, int]] = {}
        self._open: OrderedDict[str, _Pack] = OrderedDict()
        self._pending: list[tuple[str, ArticleResult]] = []

    def bind(self, fingerprint: str) -> ResultCache:
        """Use the namespace of this code and these data files; index its packs."""
        namespace = _sha(f"{code_digest()}|{fingerprint}".encode())[:20]
        self.folder = self.root / LAYOUT / namespace
        self.folder.mkdir(parents=True, exist_ok=True)
        self.stats = CacheStats()
        self._index, self._open, self._pending = {}, OrderedDict(), []
        for pack in sorted(p for p in self.folder.iterdir() if not p.name.startswith(TEMP_PREFIX)):
            self._index_pack(pack)
        return self

    def _index_pack(self, pack: Path) -> None:
        """Add a pack's entries to the index; a pack without a readable manifest is removed."""
        try:
            keys = json.loads((pack / MANIFEST).read_text(encoding="utf-8"))["keys"]
        except (OSError, ValueError, KeyError, TypeError):
            self._discard(pack.name)
            return
        for position, key in enumerate(keys):
            self._index[key] = (pack.name, position)

    def _discard(self, name: str) -> None:
        """Forget and delete a corrupt pack so its articles are recomputed."""
        self.stats.corrupt += 1
        self._index = {k: v for k, v in self._index.items() if v[0] != name}
        self._open.pop(name, None)
        shutil.rmtree(self._path() / name, ignore_errors=True)

    def _path(self) -> Path:
        """The bound namespace folder."""
        if self.folder is None:
            raise RuntimeError("ResultCache.bind(fingerprint) must be called first")
        return self.folder

    def lookup(self, documents: Sequence[Document]) -> list[ArticleResult | None]:
        """Cached result of each document, ``None`` where it must be computed."""
        found: list[ArticleResult | None] = []
        for document in documents:
            where = self._index.get(document_key(document))
            pack = self._pack(where[0]) if where else None
            if pack is None:
                self.stats.misses += 1
                found.append(None)
                continue
            found.append(pack.result(where[1]))
            self.stats.hits += 1
        return found

    def _pack(self, name: str) -> _Pack | None:
        """A pack, loaded and verified once (a few kept open); ``None`` when it is corrupt."""
        if name in self._open:
            self._open.move_to_end(name)
            return self._open[name]
        try:
            pack = _read_pack(self._path() / name)
        except CorruptPack:
            self._discard(name)
            return None
        self._open[name] = pack
        if len(self._open) > OPEN_PACKS:
            self._open.popitem(last=False)
        return pack

    def add(self, document: Document, result: ArticleResult) -> None:
        """Queue a computed result; a full pack is written at once."""
        self._pending.append((document_key(document), result))
        if len(self._pending) >= self.pack_size:
            self.flush()

    def flush(self) -> None:
        """Write the queued results as one pack (atomically: temp folder, then rename)."""
        if not self._pending:
            return
        folder = self._path()
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        temp = folder / f"{TEMP_PREFIX}{name}"
        temp.mkdir()
        files = _pack_files(self._pending)
        for file, data in files.items():
            (temp / file).write_bytes(data)
        manifest = {"keys": [key for key, _ in self._pending],
                    "files": {file: _sha(data) for file, data in files.items()}}
        (temp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        os.replace(temp, folder / name)
        for position, (key, _) in enumerate(self._pending):
            self._index[key] = (name, position)
        self.stats.written += len(self._pending)
        self._pending = []

    def clear(self) -> None:
        """Delete every cached result under ``root`` (all namespaces)."""
        shutil.rmtree(self.root / LAYOUT, ignore_errors=True)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
        self._index, self._open, self._pending = {}, OrderedDict(), []


def _pack_files(entries: list[tuple[str, ArticleResult]]) -> dict[str, bytes]:
    """The files of a pack: results, article rows and each per-article table."""
    results = [r for _, r in entries]
    files = {RESULTS: pa.table({
        ENTRY: pa.array(range(len(results)), pa.int64()),
        "article_id": pa.array([r.article_id for r in results], pa.string()),
        "skipped": pa.array([r.skipped for r in results], pa.string()),
        "problem": pa.array([r.problem for r in results], pa.string())})}
    kept = [(entry, r) for entry, r in enumerate(results) if r.row is not None]
    files[ARTICLES] = pa.table(
        {ENTRY: pa.array([entry for entry, _ in kept], pa.int64()),
         **{column: pa.array([r.row[column] for _, r in kept], kind)
            for column, kind in _ROW_TYPES.items()}})
    for name, columns in COLUMNS.items():
        rows = [(entry, *row) for entry, r in kept for row in r.tables[name]]
        table = rows_table([row[1:] for row in rows], name, columns)
        files[f"{name}.parquet"] = table.add_column(
            0, ENTRY, pa.array([row[0] for row in rows], pa.int64()))
    return {file: _parquet_bytes(table) for file, table in files.items()}


def _by_entry(table: pa.Table, entries: int) -> list[list[tuple]]:
    """The rows of a pack table (entry column first) split by entry, as tuples."""
    columns = table.to_pydict()
    found: list[list[tuple]] = [[] for _ in range(entries)]
    for entry, *row in zip(*columns.values(), strict=True):
        found[entry].append(tuple(row))
    return found


def _read_pack(pack: Path) -> _Pack:
    """Load and verify a pack; a missing, unreadable or altered file raises CorruptPack."""
    try:
        manifest = json.loads((pack / MANIFEST).read_text(encoding="utf-8"))
        tables = {}
        for file, digest in manifest["files"].items():
            data = (pack / file).read_bytes()
            if _sha(data) != digest:
                raise CorruptPack(f"{pack / file}: checksum differs from the manifest")
            tables[file] = pq.read_table(pa.BufferReader(data))
        results = tables.pop(RESULTS).to_pydict()
        entries = len(results[ENTRY])
        if entries != len(manifest["keys"]) or results[ENTRY] != list(range(entries)):
            raise CorruptPack(f"{pack}: {entries} results for {len(manifest['keys'])} keys")
        rows: list[dict | None] = [None] * entries
        for entry, *values in zip(*tables.pop(ARTICLES).to_pydict().values(), strict=True):
            rows[entry] = dict(zip(_ROW_TYPES, values, strict=True))
        return _Pack(results["article_id"], rows, results["skipped"], results["problem"],
                     {name: _by_entry(tables[f"{name}.parquet"], entries) for name in COLUMNS})
    except CorruptPack:
        raise
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException) as error:
        raise CorruptPack(f"{pack}: {error}") from error
