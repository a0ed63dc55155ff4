"""Benchmark newsprism at scale: writes reports/bench.md and reports/bench.json.

    python benchmarks/run_bench.py [bench|extract] [--out reports] [--work .cache/bench]

Sizes and samples come from the environment: BENCH_SIZES (articles, default
1000,10000,100000), BENCH_SAMPLE (articles profiled per stage, 300), BENCH_QUANTULUM_KB
(text given to quantulum3, 40), BENCH_REGEX_SIZE (10000), BENCH_DASK_SIZE (1000) and
BENCH_INCREMENTAL_SIZE (10000) (corpus used for the regex scan, the 1-vs-2-worker speed-up and
the one-added-article re-run; the smallest size when that one is not benchmarked). Scaled
corpora are built once under --work and reused. The script re-starts itself on a frozen
copy of the package, so edits made meanwhile change nothing. Each full extract (per-article
tables streamed, then the cross-article ones) runs in a child process, so its peak memory
(ru_maxrss) is its own. ``extract`` runs only the full extracts at BENCH_SIZES and merges
them into an existing bench.json (how the long 100k run is added); ``markdown`` re-writes
bench.md from bench.json; ``cross TABLES OUT`` runs only the cross-article steps on
per-article tables already extracted, in this process, and writes OUT/cross.md and
OUT/cross.json with seconds and peak RSS of each step. ``warc`` runs only the WARC stream:
the first BENCH_WARC_PAGES (default 1000,10000) articles of the scaled 10k corpus as HTML
pages in a WARC.gz (built once under --work), each archive read through the corpus reader in
a child process (seconds, pages read, peak RSS; the peaks at both sizes show whether memory
stays flat); it writes OUT/warc.json and adds the figures to OUT/bench.json and bench.md
when those measured the same code. The whole benchmark runs this step too. ``reports`` runs
only the report step: ``newsprism extract`` on the scaled corpus of BENCH_REPORT_SIZE
(10000) articles, then ``newsprism report`` on those tables (``-p tables``), timed, with each
page's size and the tables it links instead of embedding; it writes OUT/reports.json and adds
the figures to OUT/bench.json and bench.md like ``warc``. The whole benchmark runs it too.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MB = 1e6
# Address space allowed to the cross-article phase of a timed extract: a step that needs
# more fails with MemoryError (reported as such) instead of exhausting the machine.
CROSS_MEMORY_LIMIT = 12 * 2**30
# Set (to the frozen copy of the code) once the benchmark has re-started itself on it.
FROZEN_ENV = "NEWSPRISM_BENCH_CODE"


def env_sizes() -> list[int]:
    """Corpus sizes from BENCH_SIZES."""
    return [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",") if s]


def env_int(name: str, default: int) -> int:
    """An integer setting from the environment."""
    return int(os.environ.get(name, default))


def build_corpus(work: Path, size: int) -> Path:
    """The scaled corpus of ``size`` articles, built once (a marker file records completion)."""
    from scaled import scale_corpus

    folder, done = work / f"corpus-{size}", work / f"corpus-{size}.done"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        scale_corpus(SEEDS, folder, size, seed=0)
        done.write_text(str(size))
    return folder


def text_bytes(folder: Path) -> int:
    """Bytes of article text in a corpus folder."""
    return sum(p.stat().st_size for p in folder.glob("*.txt"))


def child_extract(corpus: str, out: str, cache: str | None) -> None:
    """(In a child process) the full streamed extract of ``corpus`` into ``out`` — per-article
    tables chunk by chunk in a process of their own, then the cross-article ones, then the
    CSV exports, as ``extract_to`` runs them — printing times, RSS and cache use. The peak
    counts both processes: the larger of this one's own peak and its resident memory while
    the per-article pass ran plus that pass's peak."""
    from newsprism.options import Options
    from newsprism.run.apart import stream_apart
    from newsprism.run.cache import ResultCache
    from newsprism.run.pipeline import reference_series, write_cross_article
    from newsprism.tables import CROSS_ARTICLE, TABLES, export_csv, parquet_path

    warnings.simplefilter("ignore")
    store = None if cache is None else ResultCache(cache)
    start = time.perf_counter()
    resident = resident_mb()
    stream_apart(corpus, out, Options(cache=store))
    per_article = time.perf_counter() - start
    per_article_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    steps: dict[str, float] = {}
    resource.setrlimit(resource.RLIMIT_AS, (CROSS_MEMORY_LIMIT, CROSS_MEMORY_LIMIT))
    failed = None
    try:
        write_cross_article(out, reference_series(corpus), steps.__setitem__)
        exported = time.perf_counter()
        for name in TABLES:
            if parquet_path(out, name).is_file():
                export_csv(out, name)
        steps["csv_export"] = time.perf_counter() - exported
    except MemoryError:
        done = [name for name in CROSS_ARTICLE if name in steps]
        failed = next((name for name in CROSS_ARTICLE if name not in done), "?")
    seconds = time.perf_counter() - start
    peak = max(rss_mb(), resident + per_article_rss)
    stats = {} if store is None else {"cache_hits": store.stats.hits,
                                      "cache_misses": store.stats.misses}
    print(json.dumps({"seconds": None if failed else seconds, "per_article_seconds": per_article,
                      "cross_article_seconds": None if failed else seconds - per_article,
                      "cross_steps": steps, "cross_article_failed": failed,
                      "peak_rss_mb_per_article": per_article_rss,
                      "peak_rss_mb": None if failed else peak, **stats}))


def cross_steps(tables: Path, out: Path) -> dict:
    """Every cross-article step on the per-article tables in ``tables`` (as ``newsprism
    extract`` writes them), written into ``out`` as an extract writes them: seconds after
    each, peak RSS so far (a high-water mark) and, where Linux lets the mark be reset, the
    step's own peak, for finding which step sets the peak."""
    import pyarrow.parquet as pq

    from newsprism.run.pipeline import CROSS_INPUTS, write_cross_article
    from newsprism.tables import parquet_path

    warnings.simplefilter("ignore")
    out.mkdir(parents=True, exist_ok=True)
    marks = StepPeaks()
    steps = [{"step": "(start)", "seconds": None, "peak_rss_mb": marks.so_far(),
              "step_peak_rss_mb": None}]
    marks.reset()

    def noted(name: str, seconds: float) -> None:
        own = marks.step()
        steps.append({"step": name, "seconds": seconds, "peak_rss_mb": marks.so_far(),
                      "step_peak_rss_mb": own})
        print(f"  {name}: {seconds:.1f} s, step peak {fmt(own, 0)} MB, "
              f"peak {marks.so_far():.0f} MB", flush=True)
        marks.reset()

    for name in ("articles", *CROSS_INPUTS):
        shutil.copy(parquet_path(tables, name), parquet_path(out, name))
    write_cross_article(out, None, noted)
    articles = pq.ParquetFile(parquet_path(out, "articles")).metadata.num_rows
    return {"tables": str(tables), "articles": articles, "steps": steps,
            "seconds": sum(s["seconds"] or 0 for s in steps), "peak_rss_mb": marks.so_far()}


class StepPeaks:
    """Peak RSS of each step of a run and of the whole run. Linux resets a process's
    high-water mark (VmHWM, which ru_maxrss reads too) on writing 5 to
    /proc/self/clear_refs; the run's peak is kept here as the largest step's. Where that is
    not possible the step's own peak is None and the run's peak is ru_maxrss."""

    STATUS, CLEAR = Path("/proc/self/status"), Path("/proc/self/clear_refs")

    def __init__(self) -> None:
        self.resettable = self.STATUS.is_file() and self.CLEAR.exists()
        self.highest = rss_mb()

    def step(self) -> float | None:
        """Peak RSS since the last reset, MB (None where it cannot be reset)."""
        return rss_mb() if self.resettable else None

    def so_far(self) -> float:
        """Peak RSS of the run so far, MB."""
        own = self.step()
        self.highest = max(self.highest, rss_mb() if own is None else own)
        return self.highest

    def reset(self) -> None:
        """Start a new step: the high-water mark back to the current RSS."""
        if self.resettable:
            self.so_far()
            try:
                self.CLEAR.write_text("5")
            except OSError:
                self.resettable = False


def rss_mb() -> float:
    """This process's own peak resident memory so far, MB: Linux's VmHWM, which starts afresh
    at exec (a child's ru_maxrss keeps its parent's RSS at the spawn when that was higher);
    ru_maxrss where there is no VmHWM."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else \
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mb() -> float:
    """This process's resident memory now, MB (Linux's VmRSS; the peak where there is none)."""
    now = _status_mb("VmRSS")
    return now if now is not None else rss_mb()


def _status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status, MB; None off Linux."""
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.is_file() else []
    value = next((line.split()[1] for line in lines if line.startswith(f"{field}:")), None)
    return int(value) / 1024 if value else None


def cross_markdown(result: dict) -> str:
    """The ``cross`` mode's table: seconds, the step's own peak RSS and the peak so far."""
    lines = [f"Cross-article steps on `{result['tables']}` ({result['articles']:,} articles)",
             "", "| step | seconds | step's peak RSS, MB | peak RSS so far, MB |",
             "|---|---:|---:|---:|"]
    lines += [f"| {s['step']} | {fmt(s['seconds'], 1)} | {fmt(s.get('step_peak_rss_mb'), 0)} "
              f"| {fmt(s['peak_rss_mb'], 0)} |" for s in result["steps"]]
    lines.append(f"| **whole phase** | **{fmt(result['seconds'], 1)}** | | "
                 f"**{fmt(result['peak_rss_mb'], 0)}** |")
    return "\n".join(lines) + "\n"


def timed_extract(corpus: Path, cache: Path | None = None) -> dict:
    """Seconds and peak RSS of a full streamed extract, run in a fresh process."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, __file__, "child", str(corpus), out]
        if cache is not None:
            command += ["--cache", str(cache)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def full_runs(work: Path, sizes: list[int]) -> list[dict]:
    """The full extract at every size: articles/s, MB/s per core, peak memory."""
    runs = []
    for size in sizes:
        corpus = build_corpus(work, size)
        measured = timed_extract(corpus)
        megabytes = text_bytes(corpus) / MB
        seconds, per_article = measured["seconds"], measured["per_article_seconds"]
        runs.append({"articles": size, "mb": round(megabytes, 2), **measured,
                     "articles_per_s": size / seconds if seconds else None,
                     "mb_per_s_per_core": megabytes / seconds if seconds else None,
                     "per_article_mb_per_s_per_core": megabytes / per_article})
        print(f"  {size} articles: {fmt(seconds, 1)} s (per-article {per_article:.1f} s, "
              f"{fmt(measured['peak_rss_mb_per_article'], 0)} MB RSS; cross-article "
              f"{fmt(measured['cross_article_seconds'], 1)} s{_failure(measured)}), "
              f"peak {fmt(measured['peak_rss_mb'], 0)} MB",
              flush=True)
    return runs


def _failure(measured: dict) -> str:
    """``", failed at STEP"`` when a cross-article step failed, else nothing."""
    step = measured["cross_article_failed"]
    return "" if step is None else f", failed at {step}"


def stage_rates(corpus: Path, sample: int) -> dict:
    """MB/s and articles/s of each stage alone: reading timed directly, the rest split by
    the profiled shares of an unprofiled ``analyse`` timing on ``sample`` articles."""
    from newsprism.ingest.corpus import Problems, iter_corpus
    from newsprism.options import DataFiles
    from newsprism.run.analyse import analyse
    from scaled import stage_profile

    data = DataFiles.load()
    start = time.perf_counter()
    documents = list(iter_corpus(corpus, None, Problems()))
    read_per_mb = (time.perf_counter() - start) / (text_bytes(corpus) / MB)
    chosen = documents[:sample]
    megabytes = sum(len(d.raw.encode()) for d in chosen) / MB
    start = time.perf_counter()
    for document in chosen:
        analyse(document, data)
    analyse_seconds = time.perf_counter() - start
    profiled = stage_profile(chosen, data)
    total = sum(profiled.values())
    seconds = {stage: analyse_seconds * value / total for stage, value in profiled.items()}
    seconds["load+clean"] = seconds.get("load+clean", 0.0) + read_per_mb * megabytes
    return {stage: {"seconds": value, "share": value / sum(seconds.values()),
                    "mb_per_s_per_core": megabytes / value if value else None,
                    "articles_per_s": len(chosen) / value if value else None}
            for stage, value in sorted(seconds.items())}


def quantulum_rate(corpus: Path, kilobytes: int) -> dict:
    """quantulum3's KB/s on the content text of the first articles (about ``kilobytes``)."""
    from quantulum3 import parser

    from newsprism.clean.document import read_corpus

    texts, size = [], 0
    for text in read_corpus(corpus).articles["text"]:
        if size >= kilobytes * 1000:
            break
        texts.append(text)
        size += len(text.encode())
    parser.parse("A 60-day truce.")
    start = time.perf_counter()
    found = sum(len(parser.parse(text)) for text in texts)
    seconds = time.perf_counter() - start
    return {"kb": size / 1000, "seconds": seconds, "quantities": found,
            "kb_per_s": size / 1000 / seconds}


def regex_rate(corpus: Path) -> dict:
    """MB/s of a plain digit regex over the raw text: the upper bound of any number finder."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    start = time.perf_counter()
    found = sum(1 for text in texts for _ in PLAIN_NUMBER.finditer(text))
    seconds = time.perf_counter() - start
    megabytes = sum(len(t.encode()) for t in texts) / MB
    return {"mb": megabytes, "matches": found, "mb_per_s": megabytes / seconds}


def dask_speedup(corpus: Path) -> dict:
    """Seconds of the per-article pass on a local cluster of 1 and of 2 worker processes."""
    from distributed import Client, LocalCluster

    from newsprism.ingest.corpus import Problems, iter_corpus
    from newsprism.options import DataFiles
    from newsprism.run.engines import run

    for name in [n for n in logging.root.manager.loggerDict if n.startswith("distributed")]:
        logging.getLogger(name).setLevel(logging.ERROR)
    data = DataFiles.load()
    seconds = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.CRITICAL) as cluster, \
                Client(cluster) as client:
            client.run(lambda: None)
            start = time.perf_counter()
            documents = iter_corpus(corpus, None, Problems())
            count = sum(1 for _ in run(documents, data, engine="dask", scheduler=client))
            seconds[workers] = time.perf_counter() - start
        print(f"  dask, {workers} worker(s): {count} articles in {seconds[workers]:.1f} s",
              flush=True)
    return {"articles": count, "seconds_1_worker": seconds[1], "seconds_2_workers": seconds[2],
            "speedup_2_workers": seconds[1] / seconds[2]}


def incremental(corpus: Path, work: Path) -> dict:
    """Full cached run, then one article added and the run repeated: the time ratio."""
    from scaled import scale_corpus

    cache = work / "incremental-cache"
    shutil.rmtree(cache, ignore_errors=True)
    metadata = (corpus / "metadata.csv").read_bytes()
    before = set(corpus.iterdir())
    try:
        full = timed_extract(corpus, cache)
        scale_corpus(SEEDS, corpus, 1, seed=12345, start=len(before) + 1_000_000)
        megabytes = text_bytes(corpus) / MB
        again = timed_extract(corpus, cache)
    finally:
        for added in set(corpus.iterdir()) - before:
            added.unlink()
        (corpus / "metadata.csv").write_bytes(metadata)
        shutil.rmtree(cache, ignore_errors=True)
    print(f"  incremental: per-article pass full {full['per_article_seconds']:.1f} s, one added "
          f"{again['per_article_seconds']:.1f} s "
          f"({again['cache_hits']} hits, {again['cache_misses']} recomputed)", flush=True)
    whole = full["seconds"] and again["seconds"]
    return {"articles": len([p for p in before if p.suffix == ".txt"]),
            "mb_one_added": round(megabytes, 2),
            "seconds_full": full["seconds"], "seconds_one_added": again["seconds"],
            "per_article_seconds_full": full["per_article_seconds"],
            "per_article_seconds_one_added": again["per_article_seconds"],
            "cache_misses_full": full["cache_misses"], "cache_hits_one_added": again["cache_hits"],
            "recomputed_one_added": again["cache_misses"],
            "incremental_ratio": again["seconds"] / full["seconds"] if whole else None,
            "incremental_ratio_per_article": again["per_article_seconds"]
            / full["per_article_seconds"]}


# --- WARC stream: a web archive read page by page through the corpus reader ---------------

WARC_CORPUS_SIZE = 10_000


def warc_sizes() -> list[int]:
    """Pages of the WARC archives read, from BENCH_WARC_PAGES (default 1000,10000)."""
    return sorted(int(s) for s in os.environ.get("BENCH_WARC_PAGES", "1000,10000").split(",")
                  if s)


def warc_page(text: str, outlet: str, published: str) -> bytes:
    """An HTML news page of one scaled article: title, site name and date in its head, the
    headline and every block (paragraphs and noise lines) in its article, site chrome around."""
    import html

    title, *blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    body = "".join(f"<p>{html.escape(block)}</p>" for block in blocks)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}'
            f'</title><meta property="og:site_name" content="{html.escape(outlet)}"><meta '
            f'name="date" content="{published}"></head><body><nav>Home | World | Politics | '
            f"Opinion</nav><article><h1>{html.escape(title)}</h1>{body}</article><footer>"
            "About us | Contact | Terms of use</footer></body></html>").encode()


def build_warc(work: Path, pages: int) -> Path:
    """A WARC.gz of the first ``pages`` articles of the scaled 10k corpus, one HTML response
    each with its outlet and date, built once (a marker file records completion)."""
    import csv
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path, done = work / f"warc-{pages}.warc.gz", work / f"warc-{pages}.done"
    if done.exists():
        return path
    corpus = build_corpus(work, WARC_CORPUS_SIZE)
    with (corpus / "metadata.csv").open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: row["file"])[:pages]
    if len(rows) < pages:
        raise ValueError(f"the scaled corpus has {len(rows)} articles, not {pages}")
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench"}))
        for row in rows:
            page = warc_page((corpus / row["file"]).read_text(encoding="utf-8"),
                             row["outlet"], row["published"])
            uri = f"https://bench.example/{row['published'].replace('-', '/')}/{row['file']}"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(page), http_headers=headers))
    done.write_text(str(pages))
    return path


def child_warc(path: str) -> None:
    """(In a child process) every document of a WARC archive read through the corpus reader,
    one at a time, printing seconds, pages read, the peak RSS after the first page (the
    reader and trafilatura loaded) and at the end."""
    from newsprism.ingest.corpus import Problems, iter_corpus

    warnings.simplefilter("ignore")
    problems = Problems()
    start = time.perf_counter()
    documents = iter_corpus(path, None, problems)
    pages, characters = 1, len(next(documents).doc)  # loads trafilatura: the baseline
    first_rss = rss_mb()
    for document in documents:
        pages += 1
        characters += len(document.doc)
    print(json.dumps({"seconds": time.perf_counter() - start, "pages_read": pages,
                      "text_characters": characters, "problems": len(problems.rows),
                      "rss_after_first_page_mb": first_rss, "peak_rss_mb": rss_mb()}))


def warc_stream(work: Path) -> dict:
    """The WARC stream at every BENCH_WARC_PAGES size, each read in a fresh process."""
    runs = []
    for pages in warc_sizes():
        path = build_warc(work, pages)
        command = [sys.executable, __file__, "warc-child", str(path)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        measured = json.loads(done.stdout.strip().splitlines()[-1])
        runs.append({"pages": pages, "archive_mb": round(path.stat().st_size / MB, 2),
                     **measured, "pages_per_s": measured["pages_read"] / measured["seconds"]})
        print(f"  WARC stream, {pages:,} pages: {measured['seconds']:.1f} s, "
              f"{measured['pages_read']:,} read, peak {measured['peak_rss_mb']:.0f} MB",
              flush=True)
    return {"runs": runs, "peak_rss_mb_largest_over_smallest":
            runs[-1]["peak_rss_mb"] / runs[0]["peak_rss_mb"] if len(runs) > 1 else None}


def pages_label(pages: int) -> str:
    """``10k`` for 10,000 pages, ``1,500`` otherwise."""
    return f"{pages // 1000}k" if pages % 1000 == 0 else f"{pages:,}"


def warc_lines(result: dict) -> list[str]:
    """The report's WARC stream line, the largest archive first, the others beside it for
    memory; none for a benchmark without the step."""
    runs = result.get("warc_stream", {}).get("runs")
    if not runs:
        return []
    *smaller, largest = runs
    beside = "; ".join(f"{pages_label(r['pages'])} pages: {fmt(r['seconds'], 1)} s, peak "
                       f"{fmt(r['peak_rss_mb'], 0)} MB" for r in smaller)
    return [f"- WARC stream, {pages_label(largest['pages'])} pages: "
            f"{fmt(largest['seconds'], 1)} s, peak {fmt(largest['peak_rss_mb'], 0)} MB "
            f"({largest['pages_read']:,} pages read through the corpus reader, trafilatura on "
            f"each, one record at a time{'; ' + beside if beside else ''}; "
            f"{fmt(largest['rss_after_first_page_mb'], 0)} MB after the first page)."]


def step_alone(out: Path, name: str, key: str, figures: dict) -> dict:
    """A step run alone: its figures written to OUT/NAME.json and, when OUT/bench.json
    measured the same code, added to it under ``key`` (and bench.md re-written)."""
    (out / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    bench = out / "bench.json"
    if bench.is_file():
        result = json.loads(bench.read_text(encoding="utf-8"))
        if result.get("code") == figures["code"]:
            result[key] = figures
            bench.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            (out / "bench.md").write_text(markdown(result), encoding="utf-8")
        else:
            print(f"{bench} measured other code: the figures are in {name}.json only")
    return figures


def warc_only(work: Path, out: Path) -> dict:
    """The WARC stream alone, written to OUT/warc.json and added to OUT/bench.json (and
    bench.md) when that benchmark measured the same code."""
    from newsprism.run.cache import code_digest

    warc = {**warc_stream(work), "code": code_digest()}
    return step_alone(out, "warc", "warc_stream", warc)


# --- Reports: newsprism report on the extracted tables of the 10k corpus --------------------

REPORT_CORPUS_SIZE = 10_000
# The report run's targets: minutes for the notebooks, MB of any page, MB of the reports
# folder without tables/.
REPORT_TARGETS = {"minutes": 5, "page_mb": 25, "folder_mb": 500}
NOTEBOOK_DONE = re.compile(r"\] (\S+\.ipynb) ok \(([\d.]+) s\)")
TOO_LARGE = re.compile(r'<p class="np-too-large">(.*?)</p>', re.S)
LINKED_CSV = re.compile(r'([\w-]+)\.csv"')


def linked_tables(page: str) -> list[str]:
    """The tables a report page links instead of embedding (too large), by the CSV it links;
    "the tables folder" for one computed from several."""
    return [next(iter(LINKED_CSV.findall(said)), "the tables folder")
            for said in TOO_LARGE.findall(page)]


def report_pages(out: Path) -> dict:
    """Sizes of a reports folder: each top-level page (and the tables it links instead of
    embedding), the article pages together and the largest, the folder without tables/."""
    pages = []
    for path in sorted(out.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        pages.append({"page": path.name, "mb": path.stat().st_size / MB,
                      "tables": text.count('class="np-table"'),
                      "linked": linked_tables(text)})
    articles = [p.stat().st_size for p in (out / "articles").glob("*.html")]
    files = [p for p in out.rglob("*") if p.is_file() and "tables" not in
             p.relative_to(out).parts[:1]]
    return {"pages": pages, "article_pages": len(articles),
            "article_pages_mb": sum(articles) / MB,
            "largest_article_page_mb": max(articles, default=0) / MB,
            "folder_mb_without_tables": sum(p.stat().st_size for p in files) / MB}


def report_run(work: Path, size: int) -> dict:
    """``newsprism extract`` on the scaled corpus of ``size`` articles, then ``newsprism
    report`` reading those tables: each one's seconds, each notebook's, the pages' sizes."""
    corpus = build_corpus(work, size)
    tables, out = work / f"report-tables-{size}", work / f"reports-{size}"
    for folder in (tables, out):
        shutil.rmtree(folder, ignore_errors=True)
    command = str(Path(sys.executable).with_name("newsprism"))
    start = time.perf_counter()
    subprocess.run([command, "extract", str(corpus), "--out", str(tables)], check=True,
                   capture_output=True)
    extracted = time.perf_counter()
    done = subprocess.run([command, "report", "--corpus", str(corpus), "--out", str(out),
                           "--notebooks", str(ROOT / "notebooks"), "-p", "tables", str(tables)],
                          check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - extracted
    notebooks = {name: float(s) for name, s in NOTEBOOK_DONE.findall(done.stdout)}
    measured = {"articles": size, "extract_seconds": extracted - start,
                "report_seconds": seconds, "notebook_seconds": notebooks,
                "command": f"newsprism extract CORPUS --out TABLES; newsprism report --corpus "
                           f"CORPUS --out OUT -p tables TABLES ({size:,} articles)",
                **report_pages(out)}
    largest = max(measured["pages"], key=lambda page: page["mb"])
    print(f"  reports, {size:,} articles: {seconds:.1f} s after a {extracted - start:.1f} s "
          f"extract; largest page {largest['page']} {largest['mb']:.1f} MB, folder "
          f"{measured['folder_mb_without_tables']:.0f} MB without tables/", flush=True)
    return measured


def report_lines(result: dict) -> list[str]:
    """The report's section on the report run; none for a benchmark without the step."""
    run = result.get("reports")
    if not run:
        return []
    largest = max(page["mb"] for page in run["pages"])
    linked = [f"{page['page']} links {', '.join(page['linked'])}" for page in run["pages"]
              if page["linked"]]
    lines = [f"## Reports at {run['articles']:,} articles", "",
             f"`{run['command']}`: the reports in {fmt(run['report_seconds'] / 60, 1)} "
             f"minutes (target < {REPORT_TARGETS['minutes']}), after an extract of "
             f"{fmt(run['extract_seconds'] / 60, 1)} minutes; largest page "
             f"{fmt(largest, 1)} MB (target < {REPORT_TARGETS['page_mb']}); the reports folder "
             f"without tables/ {fmt(run['folder_mb_without_tables'], 0)} MB (target < "
             f"{REPORT_TARGETS['folder_mb']}), of which {run['article_pages']:,} article pages "
             f"{fmt(run['article_pages_mb'], 0)} MB (largest "
             f"{fmt(run['largest_article_page_mb'], 2)} MB).", "",
             "| page | MB | tables embedded | tables linked, not embedded | notebook s |",
             "|---|---:|---:|---|---:|"]
    notebooks = run["notebook_seconds"]
    lines += [f"| {page['page']} | {fmt(page['mb'], 2)} | {page['tables']} | "
              f"{', '.join(page['linked']) or 'none'} | "
              f"{fmt(notebooks.get(page['page'].replace('.html', '.ipynb')), 1)} |"
              for page in run["pages"]]
    lines += ["", ("Linked rather than embedded (over the 5 MB a page embeds, all rows in the "
                   "tables folder): " + "; ".join(linked) + ".") if linked else
              "Every table is embedded: none is over the 5 MB a page embeds.", ""]
    return lines


def reports_only(work: Path, out: Path) -> dict:
    """The report run alone, written to OUT/reports.json and added to OUT/bench.json (and
    bench.md) when that benchmark measured the same code."""
    from newsprism.run.cache import code_digest

    run = {**report_run(work, env_int("BENCH_REPORT_SIZE", REPORT_CORPUS_SIZE)),
           "code": code_digest()}
    return step_alone(out, "reports", "reports", run)


def pick(sizes: list[int], name: str, preferred: int) -> int:
    """The corpus size a measurement uses: from the environment, else ``preferred`` when it is
    benchmarked, else the smallest."""
    return env_int(name, preferred if preferred in sizes else min(sizes))


def versions() -> dict:
    """The machine and the library versions the figures were measured with."""
    import distributed
    import pandas
    import pyarrow
    import quantulum3

    return {"python": platform.python_version(), "cores": os.cpu_count(),
            "pandas": pandas.__version__, "pyarrow": pyarrow.__version__,
            "distributed": distributed.__version__,
            "quantulum3": getattr(quantulum3, "__version__", "0.10.0")}


def benchmark(work: Path) -> dict:
    """Every measurement, in one run."""
    from newsprism.run.cache import code_digest

    warnings.simplefilter("ignore")
    sizes = sorted(env_sizes())
    print("full extract (one process):", flush=True)
    runs = full_runs(work, sizes)
    smallest = build_corpus(work, sizes[0])
    stages = stage_rates(smallest, env_int("BENCH_SAMPLE", 300))
    print("quantulum3, regex, dask, incremental:", flush=True)
    quantulum = quantulum_rate(smallest, env_int("BENCH_QUANTULUM_KB", 40))
    regex = regex_rate(build_corpus(work, pick(sizes, "BENCH_REGEX_SIZE", 10000)))
    dask = dask_speedup(build_corpus(work, pick(sizes, "BENCH_DASK_SIZE", 1000)))
    again = incremental(build_corpus(work, pick(sizes, "BENCH_INCREMENTAL_SIZE", 10000)), work)
    print("WARC stream:", flush=True)
    warc = warc_stream(work)
    print("reports:", flush=True)
    reports = report_run(work, pick(sizes, "BENCH_REPORT_SIZE", REPORT_CORPUS_SIZE))
    result = {"sizes": sizes, "runs": runs, "stages": stages, "quantulum3": quantulum,
              "regex_scan": regex, "dask": dask, "incremental": again, "warc_stream": warc,
              "reports": reports,
              "versions": versions(),
              "code": code_digest(),
              "command": "BENCH_SIZES=" + ",".join(map(str, sizes))
              + " .venv/bin/python benchmarks/run_bench.py"}
    return headline(result)


def headline(result: dict) -> dict:
    """The required top-level figures, from the detailed measurements (runs sorted by size)."""
    runs = sorted(result["runs"], key=lambda r: r["articles"])
    complete = [r for r in runs if r["seconds"]] or [runs[0]]
    by_size = {r["articles"]: r for r in runs}
    again = result["incremental"]
    figures = {
        "extract_mb_per_s_per_core": complete[-1]["mb_per_s_per_core"],
        "extract_measured_at_articles": complete[-1]["articles"],
        "extract_articles_per_s": complete[-1]["articles_per_s"],
        "per_article_mb_per_s_per_core": runs[-1]["per_article_mb_per_s_per_core"],
        "quantulum3_kb_per_s": result["quantulum3"]["kb_per_s"],
        "regex_scan_mb_per_s": result["regex_scan"]["mb_per_s"],
        "peak_rss_mb_100k": by_size.get(100_000, {}).get("peak_rss_mb"),
        "peak_rss_mb_per_article_100k": by_size.get(100_000, {}).get("peak_rss_mb_per_article"),
        "peak_rss_mb_largest": runs[-1]["peak_rss_mb"],
        "speedup_2_workers": result["dask"]["speedup_2_workers"],
        "incremental_ratio": again["incremental_ratio"]
        if again["incremental_ratio"] is not None else again["incremental_ratio_per_article"],
        "incremental_ratio_per_article": again["incremental_ratio_per_article"],
        "incremental_recomputed": again["recomputed_one_added"],
        "cached_extract_mb_per_s_per_core": _cached_rate(again),
        "cost_per_mb_largest_over_smallest": _cost_ratio(complete, "seconds"),
        "per_article_cost_per_mb_largest_over_smallest": _cost_ratio(runs,
                                                                     "per_article_seconds"),
        "cross_article_failed": {r["articles"]: r["cross_article_failed"] for r in runs
                                 if r.get("cross_article_failed")},
        "intervals_share_10k": _intervals_share(by_size.get(10_000)),
    }
    rest = {k: v for k, v in result.items() if k not in figures}
    return {**figures, **rest, "runs": runs, "sizes": [r["articles"] for r in runs]}


def _intervals_share(run: dict | None) -> float | None:
    """Seconds of the interval steps (rate intervals, group differences) ÷ the whole extract,
    as a percentage; None for a run without them."""
    steps = (run or {}).get("cross_steps", {})
    if not run or not run.get("seconds") or "rate_intervals" not in steps:
        return None
    return 100 * (steps["rate_intervals"] + steps.get("group_differences", 0)) / run["seconds"]


def _cached_rate(again: dict) -> float | None:
    """MB/s per core of the incremental re-run, whose articles all but one come from the
    cache: near the most that faster per-article measures could make of the whole extract
    (reading, hashing, writing and the cross-article phase remain); None when not measured."""
    if not again.get("mb_one_added") or not again.get("seconds_one_added"):
        return None
    return again["mb_one_added"] / again["seconds_one_added"]


def _cost_ratio(runs: list[dict], field: str) -> float | None:
    """Seconds per MB of the largest run ÷ the smallest (1.0 = linear)."""
    if len(runs) < 2:
        return None
    return (runs[-1][field] / runs[-1]["mb"]) / (runs[0][field] / runs[0]["mb"])


def extract_only(work: Path, out: Path) -> dict:
    """Full extracts at BENCH_SIZES only, merged into the existing bench.json (same sizes
    replaced): how the 100k figure is added without re-running everything else; refused
    when bench.json measured another version of the code."""
    from newsprism.run.cache import code_digest
    from scaled import merge_runs

    warnings.simplefilter("ignore")
    previous = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    merge_runs(previous, [], code_digest())  # refuse before the long runs, not after
    runs = merge_runs(previous, full_runs(work, sorted(env_sizes())), code_digest())
    sizes = ",".join(map(str, sorted(env_sizes())))
    merged = {**previous, "runs": runs,
              "command": previous["command"] + f"; then BENCH_SIZES={sizes} "
              ".venv/bin/python benchmarks/run_bench.py extract"}
    return headline(merged)


TARGETS = {
    "extract_mb_per_s_per_core": ("full extract, MB of raw text/s per core", "≥ 0.35"),
    "cost_per_mb_largest_over_smallest": ("cost per MB, largest ÷ smallest corpus",
                                          "≈ 1.00 (linear)"),
    "per_article_mb_per_s_per_core": ("per-article pass alone (largest corpus), MB/s per core",
                                      "none (part of the above)"),
    "intervals_share_10k": ("rate intervals and group differences, share of the 10k extract",
                            "< 10 %"),
    "per_article_cost_per_mb_largest_over_smallest": ("per-article pass: cost per MB, largest ÷ "
                                                      "smallest", "≈ 1.00 (linear)"),
    "peak_rss_mb_100k": ("peak memory at 100k articles, MB", "< 2,000"),
    "peak_rss_mb_per_article_100k": ("peak memory of the per-article pass at 100k, MB",
                                     "< 2,000"),
    "peak_rss_mb_largest": ("peak memory, largest corpus run, MB", "< 2,000"),
    "incremental_ratio": ("re-run after adding 1 article ÷ full cached run", "small; 1 recomputed"),
    "incremental_recomputed": ("articles recomputed after adding 1", "1"),
    "cached_extract_mb_per_s_per_core": ("full extract re-run with all but one article's "
                                         "results from the cache (incremental corpus), MB/s "
                                         "per core", "about the most faster measures give"),
    "speedup_2_workers": ("dask speed-up, 2 workers vs 1", "≤ 2 (2 cores)"),
    "quantulum3_kb_per_s": ("quantulum3 0.10.0 on the same text, KB/s", "comparison"),
    "regex_scan_mb_per_s": ("plain digit regex, MB/s", "upper bound"),
}


def fmt(value, digits: int = 2) -> str:
    """A number for the report; ``n/a`` when not measured."""
    return "n/a" if value is None else f"{value:,.{digits}f}"


def stage_table(result: dict) -> list[str]:
    """Seconds and MB/s per core of each stage at each size: the per-article stages split by
    the profiled shares, the cross-article steps timed one by one."""
    runs = result["runs"]
    shares = {name: stage["share"] for name, stage in result["stages"].items()}
    steps = list(dict.fromkeys(step for r in runs for step in r.get("cross_steps", {})))
    header = "| stage | " + " | ".join(f"{r['articles']:,}: s | MB/s" for r in runs) + " |"
    lines = [header, "|---|" + "---:|---:|" * len(runs)]
    for name, share in shares.items():
        cells = [(r["per_article_seconds"] * share, r["mb"]) for r in runs]
        lines.append(f"| per article: {name} | " + " | ".join(
            f"{fmt(t, 1)} | {fmt(mb / t if t else None)}" for t, mb in cells) + " |")
    for step in steps:
        cells = [(r.get("cross_steps", {}).get(step), r["mb"]) for r in runs]
        lines.append(f"| cross-article: {step} | " + " | ".join(
            f"{fmt(t, 1)} | {fmt(mb / t if t else None)}" for t, mb in cells) + " |")
    lines.append("| **whole extract** | " + " | ".join(
        f"**{fmt(r['seconds'], 1)}** | **{fmt(r['mb_per_s_per_core'])}**" for r in runs) + " |")
    return lines


def markdown(result: dict) -> str:
    """The benchmark as a short Markdown report: targets, sizes, stages, comparisons."""
    versions = result["versions"]
    lines = ["# newsprism benchmark", "",
             f"`{result['command']}` on {versions['cores']} cores, Python {versions['python']},"
             f" pandas {versions['pandas']}. Each full extract runs in a fresh process on a "
             "frozen copy of the code: per-article tables streamed to Parquet 1,000 articles at "
             "a time, then the cross-article tables computed from those files, then every "
             "table's CSV export.", "",
             "## Figures and targets", "", "| figure | measured | target |", "|---|---:|---|"]
    lines += [f"| {label} | {fmt(result.get(key))} | {target} |"
              for key, (label, target) in TARGETS.items()]
    lines += ["", "## Full extract by corpus size", "",
              "| articles | MB of text | seconds | per-article s | cross-article s | "
              "articles/s | MB/s per core | per-article MB/s | peak RSS MB | per-article "
              "peak RSS MB |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['articles']:,} | {fmt(r['mb'], 1)} | {fmt(r['seconds'], 1)} | "
              f"{fmt(r.get('per_article_seconds'), 1)} | "
              f"{fmt(r.get('cross_article_seconds'), 1)} | {fmt(r['articles_per_s'], 0)} | "
              f"{fmt(r['mb_per_s_per_core'])} | {fmt(r.get('per_article_mb_per_s_per_core'))} | "
              f"{fmt(r['peak_rss_mb'], 0)} | {fmt(r.get('peak_rss_mb_per_article'), 0)} |"
              for r in result["runs"]]
    lines += ["", "## Stages by corpus size (seconds, MB of raw text/s per core)", "",
              *stage_table(result), "",
              "Per-article stages: that size's streamed per-article time split by the shares of "
              "a profile of the first articles of the smallest corpus.", ""]
    q, rx = result["quantulum3"], result["regex_scan"]
    dask, again = result["dask"], result["incremental"]
    framing = result["stages"].get("framing", {}).get("share", 0)
    largest = next((r for r in reversed(result["runs"]) if r["seconds"]), result["runs"][0])
    cross = (largest.get("cross_article_seconds") or 0) / (largest["seconds"] or 1)
    failures = [f"at {int(size):,} articles the cross-article step `{step}` ran out of memory "
                f"(limit {CROSS_MEMORY_LIMIT / 2**30:.0f} GB), so that extract has no total"
                for size, step in result.get("cross_article_failed", {}).items()]
    lines += ["## Beside them", "",
              f"- quantulum3 {versions['quantulum3']} on {fmt(q['kb'], 0)} KB of the same "
              f"article text: {fmt(q['kb_per_s'], 1)} KB/s.",
              f"- Plain digit regex over {fmt(rx['mb'], 1)} MB of raw text: "
              f"{fmt(rx['mb_per_s'], 0)} MB/s (upper bound for any number finder).",
              f"- dask LocalCluster, {dask['articles']:,} articles, per-article pass: 1 worker "
              f"{fmt(dask['seconds_1_worker'], 1)} s, 2 workers "
              f"{fmt(dask['seconds_2_workers'], 1)} s, speed-up "
              f"{fmt(dask['speedup_2_workers'])}× (the client reads and collects on the same "
              "2 cores).",
              f"- Incremental, {again.get('articles', 0):,} articles: full cached run "
              f"{fmt(again['seconds_full'], 1)} s (per-article pass "
              f"{fmt(again.get('per_article_seconds_full'), 1)} s, "
              f"{again.get('cache_misses_full')} computed), re-run after adding one article "
              f"{fmt(again['seconds_one_added'], 1)} s (per-article pass "
              f"{fmt(again.get('per_article_seconds_one_added'), 1)} s; "
              f"{again.get('cache_hits_one_added')} from cache, "
              f"{again['recomputed_one_added']} recomputed); ratio "
              f"{fmt(again['incremental_ratio'], 3)} for the whole extract, "
              f"{fmt(again.get('incremental_ratio_per_article'), 3)} for the per-article pass "
              "(every file is still read and hashed, every table rewritten and the "
              "cross-article tables recomputed).", *warc_lines(result), "",
              "## What limits speed", "",
              f"The per-article measures, run in pure Python one article at a time: at "
              f"{largest['articles']:,} articles they take {fmt(100 * (1 - cross), 0)} % of the "
              f"extract, framing measures {fmt(100 * framing, 0)} % of that (numbers and "
              f"cleaning the rest); the cross-article tables take {fmt(100 * cross, 0)} %. Cost "
              f"per MB, largest corpus ÷ smallest: "
              f"{fmt(result['cost_per_mb_largest_over_smallest'])} for the whole extract, "
              f"{fmt(result['per_article_cost_per_mb_largest_over_smallest'])} for the "
              "per-article pass. With the articles' results read from the cache instead "
              f"(the incremental re-run: {again.get('articles', 0):,} articles and one "
              "added, only that one computed) the whole "
              f"extract runs at {fmt(result.get('cached_extract_mb_per_s_per_core'))} MB/s per "
              "core: about the most that faster per-article measures could give, since "
              "reading, hashing and writing and the cross-article tables remain (that run "
              "also reads the cache, so this is a rough bound, not an exact one). Memory: "
              "the per-article pass holds one 1,000-article chunk "
              "(its peak RSS column stays flat); the cross-article phase reads whole-corpus "
              "tables one at a time, and `discrepancies` sets each figure against the next 20 "
              "of its key in date order, checked and written 2,000 figures at a time. The "
              "bench corpus varies its figures at random, so most such pairs conflict and "
              "that table (and the CSV writing it costs) is far larger than real coverage "
              "gives.", ""]
    if failures:
        lines += ["**Failed:** " + "; ".join(failures) + ".", ""]
    lines += report_lines(result)
    return "\n".join(lines)


def frozen_code(work: Path) -> Path:
    """A copy of the newsprism package under ``work``: the runs measure one version of the
    code even while it is edited, and the cache namespace (a digest of the code) stays put."""
    target = work / "code"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "lib" / "newsprism", target / "newsprism",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return target


def main() -> int:
    """Run the benchmark (``extract``: only the full extracts; ``markdown``: bench.md from
    bench.json; ``child``: one timed extract; ``cross``: the cross-article steps alone;
    ``warc``: the WARC stream alone; ``warc-child``: one timed WARC read; ``reports``: the
    report run alone)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="bench",
                        choices=("bench", "extract", "markdown", "child", "cross", "warc",
                                 "warc-child", "reports"))
    parser.add_argument("paths", nargs="*",
                        help="child: CORPUS OUT; cross: TABLES OUT; warc-child: ARCHIVE")
    parser.add_argument("--cache", help="child: cache folder")
    parser.add_argument("--out", default=str(ROOT / "reports"))
    parser.add_argument("--work", default=str(ROOT / ".cache" / "bench"))
    args = parser.parse_args()
    if args.mode == "child":
        child_extract(*args.paths, args.cache)
        return 0
    if args.mode == "warc-child":
        child_warc(*args.paths)
        return 0
    if args.mode == "cross":
        tables, out = (Path(p) for p in args.paths)
        result = cross_steps(tables, out)
        (out / "cross.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        (out / "cross.md").write_text(cross_markdown(result), encoding="utf-8")
        print(cross_markdown(result))
        return 0
    if args.mode == "markdown":
        result = json.loads((Path(args.out) / "bench.json").read_text(encoding="utf-8"))
        (Path(args.out) / "bench.md").write_text(markdown(result), encoding="utf-8")
        return 0
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    if FROZEN_ENV not in os.environ:
        code = frozen_code(work / f"frozen-{os.getpid()}")
        environment = {**os.environ, FROZEN_ENV: str(code), "PYTHONPATH": str(code)}
        os.execve(sys.executable, [sys.executable, __file__, *sys.argv[1:]], environment)
    from scaled import MixedCode

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        if args.mode == "warc":
            print(json.dumps(warc_only(work, out), indent=2))
            return 0
        if args.mode == "reports":
            print(json.dumps(reports_only(work, out), indent=2))
            return 0
        result = extract_only(work, out) if args.mode == "extract" else benchmark(work)
    except MixedCode as error:
        print(f"run_bench.py {args.mode}: {error}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(Path(os.environ[FROZEN_ENV]).parent, ignore_errors=True)
    (out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (out / "bench.md").write_text(markdown(result), encoding="utf-8")
    print(f"wrote {out / 'bench.md'} and {out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
