"""The per-article pass in a process of its own, so the heap it leaves behind (data files,
the chunks' garbage) goes back to the system when it ends instead of lying under the
cross-article phase that reads its tables.

The child is started as ``python -m newsprism.run.apart REQUEST`` rather than through
``multiprocessing``, which would import the caller's main script again (a script calling
``extract_to`` without an ``if __name__ == "__main__"`` guard would run twice).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from newsprism.options import Options
from newsprism.run.engines import stream_tables

REQUEST, RESULT = "request.pickle", "result.pickle"


def stream_apart(corpus: str | Path, out: str | Path, options: Options | None = None
                 ) -> dict[str, Path]:
    """:func:`stream_tables` in a child process (the pandas engine; dask already works in
    its workers). The problems it warns of are warned again here, in order; the cache's
    counts are the child's; an error in the child is raised here."""
    options = options or Options()
    if options.engine != "pandas":
        return stream_tables(corpus, out, options)
    with tempfile.TemporaryDirectory(prefix="newsprism-") as work:
        request = Path(work) / REQUEST
        request.write_bytes(pickle.dumps((corpus, out, options)))
        done = subprocess.run([sys.executable, "-m", __name__, str(request)], check=False)
        result = Path(work) / RESULT
        if not result.is_file():
            raise RuntimeError(f"the per-article pass ended without a result "
                               f"(exit status {done.returncode})")
        paths, found, stats, error = pickle.loads(result.read_bytes())
    for message, category in found:
        warnings.warn(message, category, stacklevel=2)
    if error is not None:
        raise error
    if options.cache is not None:
        options.cache.stats = stats
    return paths


def _run(request: Path) -> None:
    """(In the child) the request's :func:`stream_tables`, its result written beside it: the
    paths, every warning given, the cache's counts and the error that stopped it, if any."""
    corpus, out, options = pickle.loads(request.read_bytes())
    paths, error = None, None
    with warnings.catch_warnings(record=True) as found:
        warnings.simplefilter("always")
        try:
            paths = stream_tables(corpus, out, options)
        except Exception as caught:  # raised again in the parent, which called for the pass
            error = caught
    stats = options.cache.stats if options.cache is not None else None
    (request.parent / RESULT).write_bytes(pickle.dumps(
        (paths, [(str(w.message), w.category) for w in found], stats, error)))


if __name__ == "__main__":
    _run(Path(sys.argv[1]))
