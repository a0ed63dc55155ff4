"""Freed memory handed back between steps: found where the C library has it, harmless."""

from __future__ import annotations

import platform

import pandas as pd
import pytest

from newsprism.memory import _malloc_trim, release_memory


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_malloc_trim_is_found_on_glibc() -> None:
    assert _malloc_trim() is not None
    assert _malloc_trim()(0) in (0, 1)


def test_release_memory_keeps_live_data() -> None:
    frame = pd.DataFrame({"text": ["a sentence"] * 100_000, "n": range(100_000)})
    dropped = frame.copy()
    del dropped
    release_memory()
    assert frame["text"].str.len().sum() == 1_000_000 and frame["n"].iloc[-1] == 99_999
