"""Hand freed memory back to the system between the steps of a long run.

pandas' string columns live in Arrow's memory pool and numpy's arrays in the C heap; both
keep freed memory for reuse, so after a step that needed a lot the process stays that large
and the next step's peak comes on top. Releasing between steps keeps a run's peak to its
largest single step.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache

import pyarrow as pa


@cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, musl)."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_memory() -> None:
    """Collect garbage, then return unused memory from Arrow's pool and the C heap."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
