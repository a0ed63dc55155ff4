"""Data files beside the code: lexicons, taxonomies and patterns users can read and extend."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def data_path(name: str) -> Path:
    """Path of a data file shipped in ``newsprism/data``."""
    return Path(str(resources.files("newsprism") / "data" / name))


@lru_cache(maxsize=64)
def _read_yaml(path: str, mtime_ns: int) -> Any:
    """Parse a YAML file once per modification time."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_yaml(name: str, path: str | Path | None = None) -> Any:
    """Load ``path`` if given, else the packaged data file ``name``; clear error if missing."""
    target = Path(path) if path is not None else data_path(name)
    if not target.is_file():
        raise FileNotFoundError(f"data file not found: {target}")
    return _read_yaml(str(target.resolve()), target.stat().st_mtime_ns)


def file_digest(path: str | Path) -> str:
    """Short SHA-256 of a file's bytes, used to key caches and fingerprint runs."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
