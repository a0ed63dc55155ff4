"""Running ``analyse`` over many documents: in this process, through the cache, or on dask.

Every engine yields one ``ArticleResult`` per document, in document order, whatever order
the work finishes in, so the tables are the same however they were computed. Documents
are consumed lazily and only a bounded window is in flight: memory does not grow with the
corpus. ``stream_tables`` writes the per-article tables to Parquet chunk by chunk for corpora
too large to hold in memory.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from itertools import islice
from pathlib import Path

from newsprism.ingest.corpus import Document, Problems, iter_corpus
from newsprism.options import ENGINES, DataFiles, Options
from newsprism.run.analyse import (
    ANALYSIS_FAILED,
    ARTICLE_TABLE_COLUMNS,
    COLUMNS,
    ArticleResult,
    analyse_or_report,
    collect,
)
from newsprism.run.cache import ResultCache
from newsprism.tables import PER_ARTICLE, TableWriter, parquet_path, write_table

BATCH_SIZE = 32
CACHE_WINDOW = 1024
# Failures in a row, from the first document, after which a run stops (see stop_when_all_fail).
FAILURES_TO_STOP = 20
TASKS_PER_WORKER = 4

Compute = Callable[[Iterable[Document], DataFiles], Iterator[ArticleResult]]


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def in_process(documents: Iterable[Document], data: DataFiles) -> Iterator[ArticleResult]:
    """Analyse each document here, one after another."""
    for document in documents:
        yield analyse_or_report(document, data)


def analyse_batch(documents: list[Document], data: DataFiles) -> list[ArticleResult]:
    """Analyse a batch of documents: the unit of work sent to a dask worker."""
    return [analyse_or_report(document, data) for document in documents]


class DaskEngine:
    """Analyse batches of documents on a dask.distributed cluster, yielding in input order.

    ``scheduler`` is a scheduler address (``tcp://host:8786``), a ``Client`` or a cluster
    object; ``None`` starts a local cluster. Use as a context manager: a client opened here
    is closed on exit. ``DataFiles`` is scattered to every worker once; about four batches
    per worker are in flight at any time.
    """

    def __init__(self, scheduler=None, batch_size: int = BATCH_SIZE) -> None:
        self.scheduler = scheduler
        self.batch_size = batch_size
        self.client = None
        self._shared: tuple[DataFiles, object] | None = None

    def __enter__(self) -> DaskEngine:
        from distributed import Client

        scheduler = self.scheduler
        self.client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        return self

    def __exit__(self, *exc_info) -> None:
        if self.client is not None and self.client is not self.scheduler:
            self.client.close()
        self.client, self._shared = None, None

    def _scattered(self, data: DataFiles):
        """The workers' copy of ``data``, sent once per run."""
        if self._shared is None or self._shared[0] is not data:
            future = self.client.scatter(data, broadcast=True, hash=False)
            self._shared = (data, future)
        return self._shared[1]

    def __call__(self, documents: Iterable[Document],
                 data: DataFiles) -> Iterator[ArticleResult]:
        """Results of ``documents`` computed on the cluster, in document order."""
        from distributed import as_completed

        shared = self._scattered(data)
        limit = TASKS_PER_WORKER * max(1, sum(self.client.nthreads().values()))
        batches = enumerate(batched(documents, self.batch_size))
        run = uuid.uuid4().hex[:8]
        running = as_completed()
        numbers: dict[str, int] = {}

        def submit() -> None:
            """Send the next batch, if any, to the cluster."""
            for number, batch in islice(batches, 1):
                future = self.client.submit(analyse_batch, batch, shared,
                                            key=f"newsprism-analyse-{run}-{number}")
                numbers[future.key] = number
                running.add(future)

        for _ in range(limit):
            submit()
        done: dict[int, list[ArticleResult]] = {}
        following = 0
        for future in running:
            done[numbers.pop(future.key)] = future.result()
            future.release()
            submit()
            while following in done:
                yield from done.pop(following)
                following += 1


def through_cache(documents: Iterable[Document], data: DataFiles, cache: ResultCache,
                  compute: Compute, window: int = CACHE_WINDOW) -> Iterator[ArticleResult]:
    """Cached results where the cache has them, ``compute`` for the rest; writes new ones
    (not those whose analysis failed)."""
    cache.bind(data.fingerprint())
    try:
        for group in batched(documents, window):
            found = cache.lookup(group)
            missing = [document for document, hit in zip(group, found, strict=True)
                       if hit is None]
            computed = iter(compute(missing, data))
            for document, hit in zip(group, found, strict=True):
                if hit is None:
                    hit = next(computed)
                    if hit.problem != ANALYSIS_FAILED:  # an error may pass: try again next run
                        cache.add(document, hit)
                yield hit
    finally:
        cache.flush()


def open_cache(cache: ResultCache | str | Path | bool | None) -> ResultCache | None:
    """A ``ResultCache`` from the ``cache`` argument: a cache, a folder, True (default folder)."""
    if cache is None or cache is False:
        return None
    if isinstance(cache, ResultCache):
        return cache
    return ResultCache(None if cache is True else cache)


def run(documents: Iterable[Document], data: DataFiles, *, engine: str = "pandas",
        scheduler=None, cache: ResultCache | str | Path | bool | None = None,
        batch_size: int = BATCH_SIZE) -> Iterator[ArticleResult]:
    """Results of every document, in order, computed by ``engine`` and reused from ``cache``;
    stops (:class:`AnalysisFailed`) when the analysis fails on every document it starts with."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    return stop_when_all_fail(_run(documents, data, engine, scheduler, open_cache(cache),
                                   batch_size))


class AnalysisFailed(RuntimeError):
    """The analysis failed on every document so far: the fault is the run's (a data file,
    the code), not one odd article's."""


def stop_when_all_fail(results: Iterable[ArticleResult], limit: int = FAILURES_TO_STOP
                       ) -> Iterator[ArticleResult]:
    """``results`` as they come, but raise :class:`AnalysisFailed` when the first ``limit``
    documents (or all, when fewer) failed with ``analysis_failed``: going on would only
    repeat the same error over the whole corpus."""
    failed: list[ArticleResult] = []
    working = False
    for result in results:
        if not working and result.problem == ANALYSIS_FAILED:
            failed.append(result)
            if len(failed) >= limit:
                raise AnalysisFailed(_all_failed(failed))
        else:
            working = True
        yield result
    if failed and not working:
        raise AnalysisFailed(_all_failed(failed))


def _all_failed(failed: list[ArticleResult]) -> str:
    """The message of :class:`AnalysisFailed`: how many failed and the first one's error."""
    first = failed[0]
    return (f"the analysis failed on each of the first {len(failed)} documents; "
            f"{first.article_id}: {first.skipped}")


def _run(documents: Iterable[Document], data: DataFiles, engine: str, scheduler,
         cache: ResultCache | None, batch_size: int) -> Iterator[ArticleResult]:
    """The generator behind ``run``: opens the engine for the length of the iteration."""
    with ExitStack() as stack:
        compute: Compute = in_process
        if engine == "dask":
            compute = stack.enter_context(DaskEngine(scheduler, batch_size))
        if cache is None:
            yield from compute(documents, data)
        else:
            yield from through_cache(documents, data, cache, compute)


def stream_tables(corpus: str | Path, out: str | Path, options: Options | None = None,
                  data: DataFiles | None = None) -> dict[str, Path]:
    """Write the articles, problems and every per-article table of ``corpus`` as Parquet into
    ``out``, ``options.chunk_size`` articles at a time, holding one chunk in memory."""
    options = options or Options()
    data = data or DataFiles.load(options)
    problems = Problems()
    documents = iter_corpus(corpus, options.metadata, problems, options.max_bytes)
    results = run(documents, data, engine=options.engine, scheduler=options.scheduler,
                  cache=options.cache)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    writers = {name: TableWriter(parquet_path(folder, name), name)
               for name in ("articles", *PER_ARTICLE)}
    for chunk in batched(results, options.chunk_size):
        for name, table in collect(chunk, problems).items():
            writers[name].write(table)
    paths = {name: writer.close(ARTICLE_TABLE_COLUMNS if name == "articles" else COLUMNS[name])
             for name, writer in writers.items()}
    paths["problems"] = write_table(problems.frame(), folder, "problems")
    return paths
