"""Benchmark newsprism at scale: writes reports/bench.md and reports/bench.json.

    python benchmarks/run_bench.py [--out reports] [--work .cache/bench]

Sizes and samples come from the environment: BENCH_SIZES (articles, default
1000,10000,100000), BENCH_SAMPLE (articles profiled per stage, 300), BENCH_QUANTULUM_KB
(text given to quantulum3, 40), BENCH_DASK_SIZE and BENCH_INCREMENTAL_SIZE (corpus used for
the 1-vs-2-worker speed-up and the one-added-article re-run; default 10000, else the
smallest size). Scaled corpora are built once under --work and reused. Each full extract
runs in a child process, so its peak memory (ru_maxrss) is its own.
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


def env_sizes() -> list[int]:
    """Corpus sizes from BENCH_SIZES."""
    return [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",") if s]


def env_int(name: str, default: int) -> int:
    """An integer setting from the environment."""
    return int(os.environ.get(name, default))


def build_corpus(work: Path, size: int) -> Path:
    """The scaled corpus of ``size`` articles, built once (a marker file records completion)."""
    from newsprism.bench import scale_corpus

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
    """(In a child process) stream every table of ``corpus`` to ``out``; print time and RSS."""
    from newsprism.cache import ResultCache
    from newsprism.engines import stream_tables

    warnings.simplefilter("ignore")
    store = None if cache is None else ResultCache(cache)
    start = time.perf_counter()
    stream_tables(corpus, out, cache=store)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats = {} if store is None else {"cache_hits": store.stats.hits,
                                      "cache_misses": store.stats.misses}
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak, **stats}))


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
        runs.append({"articles": size, "mb": round(megabytes, 2), **measured,
                     "articles_per_s": size / measured["seconds"],
                     "mb_per_s_per_core": megabytes / measured["seconds"]})
        print(f"  {size} articles: {measured['seconds']:.1f} s, "
              f"{megabytes / measured['seconds']:.2f} MB/s, {measured['peak_rss_mb']:.0f} MB RSS",
              flush=True)
    return runs


def stage_rates(corpus: Path, sample: int) -> dict:
    """MB/s and articles/s of each stage alone: reading timed directly, the rest split by
    the profiled shares of an unprofiled ``analyse`` timing on ``sample`` articles."""
    from newsprism.bench import stage_profile
    from newsprism.corpus import Problems, iter_corpus
    from newsprism.pipeline import Resources, analyse

    resources = Resources.load()
    start = time.perf_counter()
    documents = list(iter_corpus(corpus, None, Problems()))
    read_per_mb = (time.perf_counter() - start) / (text_bytes(corpus) / MB)
    chosen = documents[:sample]
    megabytes = sum(len(d.raw.encode()) for d in chosen) / MB
    start = time.perf_counter()
    for document in chosen:
        analyse(document, resources)
    analyse_seconds = time.perf_counter() - start
    profiled = stage_profile(chosen, resources)
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

    from newsprism.corpus import read_corpus

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

    from newsprism.corpus import Problems, iter_corpus
    from newsprism.engines import run
    from newsprism.pipeline import Resources

    for name in [n for n in logging.root.manager.loggerDict if n.startswith("distributed")]:
        logging.getLogger(name).setLevel(logging.ERROR)
    resources = Resources.load()
    seconds = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.CRITICAL) as cluster, \
                Client(cluster) as client:
            client.run(lambda: None)
            start = time.perf_counter()
            documents = iter_corpus(corpus, None, Problems())
            count = sum(1 for _ in run(documents, resources, engine="dask", scheduler=client))
            seconds[workers] = time.perf_counter() - start
        print(f"  dask, {workers} worker(s): {count} articles in {seconds[workers]:.1f} s",
              flush=True)
    return {"articles": count, "seconds_1_worker": seconds[1], "seconds_2_workers": seconds[2],
            "speedup_2_workers": seconds[1] / seconds[2]}


def incremental(corpus: Path, work: Path) -> dict:
    """Full cached run, then one article added and the run repeated: the time ratio."""
    from newsprism.bench import scale_corpus

    cache = work / "incremental-cache"
    shutil.rmtree(cache, ignore_errors=True)
    metadata = (corpus / "metadata.csv").read_bytes()
    before = set(corpus.iterdir())
    try:
        full = timed_extract(corpus, cache)
        scale_corpus(SEEDS, corpus, 1, seed=12345, start=len(before) + 1_000_000)
        again = timed_extract(corpus, cache)
    finally:
        for added in set(corpus.iterdir()) - before:
            added.unlink()
        (corpus / "metadata.csv").write_bytes(metadata)
        shutil.rmtree(cache, ignore_errors=True)
    print(f"  incremental: full {full['seconds']:.1f} s, one added {again['seconds']:.1f} s "
          f"({again['cache_misses']} recomputed)", flush=True)
    return {"seconds_full": full["seconds"], "seconds_one_added": again["seconds"],
            "recomputed_one_added": again["cache_misses"],
            "incremental_ratio": again["seconds"] / full["seconds"]}


def pick(sizes: list[int], name: str) -> int:
    """The corpus size a measurement uses: from the environment, else 10000 or the smallest."""
    return env_int(name, 10000 if 10000 in sizes else min(sizes))


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
    warnings.simplefilter("ignore")
    sizes = sorted(env_sizes())
    print("full extract (one process):", flush=True)
    runs = full_runs(work, sizes)
    smallest = build_corpus(work, sizes[0])
    stages = stage_rates(smallest, env_int("BENCH_SAMPLE", 300))
    print("quantulum3, regex, dask, incremental:", flush=True)
    quantulum = quantulum_rate(smallest, env_int("BENCH_QUANTULUM_KB", 40))
    regex = regex_rate(build_corpus(work, pick(sizes, "BENCH_DASK_SIZE")))
    dask = dask_speedup(build_corpus(work, pick(sizes, "BENCH_DASK_SIZE")))
    again = incremental(build_corpus(work, pick(sizes, "BENCH_INCREMENTAL_SIZE")), work)
    per_mb = [r["seconds"] / r["mb"] for r in runs]
    by_size = {r["articles"]: r for r in runs}
    return {
        "extract_mb_per_s_per_core": runs[-1]["mb_per_s_per_core"],
        "extract_articles_per_s": runs[-1]["articles_per_s"],
        "quantulum3_kb_per_s": quantulum["kb_per_s"],
        "regex_scan_mb_per_s": regex["mb_per_s"],
        "peak_rss_mb_100k": by_size.get(100_000, {}).get("peak_rss_mb"),
        "peak_rss_mb_largest": runs[-1]["peak_rss_mb"],
        "speedup_2_workers": dask["speedup_2_workers"],
        "incremental_ratio": again["incremental_ratio"],
        "cost_per_mb_largest_over_smallest": per_mb[-1] / per_mb[0],
        "sizes": sizes, "runs": runs, "stages": stages, "quantulum3": quantulum,
        "regex_scan": regex, "dask": dask, "incremental": again, "versions": versions(),
        "command": "BENCH_SIZES=" + ",".join(map(str, sizes)) + " python benchmarks/run_bench.py",
    }


def markdown(result: dict) -> str:
    """The benchmark as a short Markdown report."""
    def fmt(value, digits: int = 2) -> str:
        return "n/a" if value is None else f"{value:,.{digits}f}"

    lines = ["# newsprism benchmark", "",
             f"`{result['command']}` on {result['versions']['cores']} cores, Python "
             f"{result['versions']['python']}, pandas {result['versions']['pandas']}.", "",
             "## Full extract (one process, tables streamed to CSV)", "",
             "| articles | MB of text | seconds | articles/s | MB/s per core | peak RSS MB |",
             "|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['articles']:,} | {fmt(r['mb'], 1)} | {fmt(r['seconds'], 1)} | "
              f"{fmt(r['articles_per_s'], 0)} | {fmt(r['mb_per_s_per_core'])} | "
              f"{fmt(r['peak_rss_mb'], 0)} |" for r in result["runs"]]
    lines += ["", f"Cost per MB, largest corpus ÷ smallest: "
              f"{fmt(result['cost_per_mb_largest_over_smallest'])} (1.00 = linear).", "",
              "## Stages (per core; reading timed, the rest split by a profile)", "",
              "| stage | share | MB/s | articles/s |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {fmt(100 * s['share'], 0)} % | {fmt(s['mb_per_s_per_core'])} | "
              f"{fmt(s['articles_per_s'], 0)} |" for name, s in result["stages"].items()]
    q, rx = result["quantulum3"], result["regex_scan"]
    dask, again = result["dask"], result["incremental"]
    lines += ["", "## Beside them", "",
              f"- quantulum3 {result['versions']['quantulum3']} on {fmt(q['kb'], 0)} KB of the "
              f"same article text: {fmt(q['kb_per_s'], 1)} KB/s.",
              f"- Plain digit regex over {fmt(rx['mb'], 1)} MB of raw text: "
              f"{fmt(rx['mb_per_s'], 0)} MB/s (upper bound for any number finder).",
              f"- dask LocalCluster, {dask['articles']:,} articles: 1 worker "
              f"{fmt(dask['seconds_1_worker'], 1)} s, 2 workers "
              f"{fmt(dask['seconds_2_workers'], 1)} s, speed-up "
              f"{fmt(dask['speedup_2_workers'])}× (the client reads and collects on the same "
              "2 cores).",
              f"- Incremental: full cached run {fmt(again['seconds_full'], 1)} s, re-run after "
              f"adding one article {fmt(again['seconds_one_added'], 1)} s, ratio "
              f"{fmt(again['incremental_ratio'], 3)}, {again['recomputed_one_added']} article(s) "
              "recomputed (all files are still read and all tables rewritten).", ""]
    return "\n".join(lines)


def main() -> int:
    """Run the benchmark (or, with ``child``, one timed extract) from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="bench", choices=("bench", "child"))
    parser.add_argument("paths", nargs="*", help="child: CORPUS OUT")
    parser.add_argument("--cache", help="child: cache folder")
    parser.add_argument("--out", default=str(ROOT / "reports"))
    parser.add_argument("--work", default=str(ROOT / ".cache" / "bench"))
    args = parser.parse_args()
    if args.mode == "child":
        child_extract(*args.paths, args.cache)
        return 0
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    result = benchmark(work)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (out / "bench.md").write_text(markdown(result), encoding="utf-8")
    print(f"wrote {out / 'bench.md'} and {out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
