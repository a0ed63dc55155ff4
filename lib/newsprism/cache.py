"""On-disk cache of per-article results, keyed by content hash, so re-runs only redo what changed.

Layout: ``<root>/v1/<namespace>/<pack>/`` where the namespace digests the newsprism code and
every loaded data file (``Resources.fingerprint()``): editing a lexicon or taxonomy, or
upgrading newsprism, starts a fresh namespace, so nothing stale is ever read. A pack holds
the results of up to ``pack_size`` articles in ``results.parquet``, one row per article:
its article id, skip reason and problem, article row and one column per table. Rows and
tables are stored as pickles inside the Parquet file because Parquet's types do not
round-trip every pandas dtype (object vs string columns, None vs NaN), and cached tables
must equal computed ones exactly. ``manifest.json`` lists the entry keys and the file's
SHA-256. Packs are written to a temporary folder and renamed into place, so a reader sees
whole packs or none; a pack whose file does not match its manifest is deleted and its
articles recomputed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
import time
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from newsprism import __version__
from newsprism.corpus import Document
from newsprism.pipeline import ArticleResult

CACHE_ENV = "NEWSPRISM_CACHE"
LAYOUT = "v1"
MANIFEST = "manifest.json"
RESULTS = "results.parquet"
TABLE_PREFIX = "table:"
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
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
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


def _parquet_bytes(frame: pd.DataFrame) -> bytes:
    """A DataFrame as Parquet bytes (pandas metadata kept, so dtypes round-trip)."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


@dataclass
class CacheStats:
    """What the latest run found: hits, misses, entries written and corrupt packs rebuilt."""

    hits: int = 0
    misses: int = 0
    written: int = 0
    corrupt: int = 0


@dataclass
class _Pack:
    """One loaded pack: per-entry article id, row, skip reason and kind, pickled tables."""

    article_ids: list[str]
    rows: list[dict | None]
    skipped: list[str | None]
    problems: list[str | None]
    tables: dict[str, list[bytes | None]] = field(default_factory=dict)

    def result(self, position: int) -> ArticleResult:
        """The cached result of one entry, its tables unpickled."""
        tables = {name: pickle.loads(blobs[position]) for name, blobs in self.tables.items()
                  if blobs[position] is not None}
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
    """The files of a pack: ``results.parquet``, one row per entry."""
    names = dict.fromkeys(name for _, r in entries for name in r.tables)
    results = pd.DataFrame({
        "article_id": [r.article_id for _, r in entries],
        "skipped": [r.skipped for _, r in entries],
        "problem": [r.problem for _, r in entries],
        "row": [None if r.row is None else pickle.dumps(r.row) for _, r in entries],
        **{f"{TABLE_PREFIX}{name}": [pickle.dumps(r.tables[name]) if name in r.tables else None
                                     for _, r in entries] for name in names},
    })
    return {RESULTS: _parquet_bytes(results)}


def _read_pack(pack: Path) -> _Pack:
    """Load and verify a pack; a missing, unreadable or altered file raises CorruptPack."""
    try:
        manifest = json.loads((pack / MANIFEST).read_text(encoding="utf-8"))
        data = (pack / RESULTS).read_bytes()
        if _sha(data) != manifest["files"][RESULTS]:
            raise CorruptPack(f"{pack / RESULTS}: checksum differs from the manifest")
        results = pd.read_parquet(io.BytesIO(data))
        if len(results) != len(manifest["keys"]):
            raise CorruptPack(f"{pack}: {len(results)} results for {len(manifest['keys'])} keys")
        return _Pack(
            results["article_id"].tolist(),
            [None if blob is None else pickle.loads(blob) for blob in results["row"]],
            [None if pd.isna(reason) else reason for reason in results["skipped"]],
            [None if pd.isna(kind) else kind for kind in results["problem"]],
            {column.removeprefix(TABLE_PREFIX): results[column].tolist()
             for column in results.columns if column.startswith(TABLE_PREFIX)})
    except CorruptPack:
        raise
    except (OSError, ValueError, KeyError, TypeError, pickle.UnpicklingError) as error:
        raise CorruptPack(f"{pack}: {error}") from error
