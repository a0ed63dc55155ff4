"""The ``newsprism`` command: extract tables from a corpus, run the reports."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from newsprism import __version__
from newsprism.clean import CONTENT_LABELS
from newsprism.corpus import DEFAULT_MAX_BYTES, CorpusWarning
from newsprism.engines import AnalysisFailed
from newsprism.pipeline import DATA_FILES, extract_to
from newsprism.report import add_report_parser, run_report


def _parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="newsprism",
        description="How news outlets frame one story and how their numbers compare.",
    )
    parser.add_argument("--version", action="version", version=f"newsprism {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    ext = commands.add_parser(
        "extract", help="read a corpus folder and write its tables as CSV",
        description="Read CORPUS (a folder of .txt/.html/.jsonl/.csv articles with an optional "
                    "metadata.csv), label every line, measure framing and numbers, compare "
                    "figures across articles and with a reference series, and write one CSV per "
                    "table into --out (articles, problems, lines, sentences, numbers, labels, "
                    "terms, quotes, agency, topics, readability, comparison, discrepancies, "
                    "derived_checks, reference_checks, overlaps, article_overlaps, "
                    "distinctive_terms, ...), streaming the per-article tables by chunk. "
                    "Input files are never modified.")
    ext.add_argument("corpus", help="corpus folder (or one file)")
    ext.add_argument("--out", required=True, help="folder for the CSV tables")
    ext.add_argument("--metadata", help="metadata CSV (default: CORPUS/metadata.csv)")
    for name, default in DATA_FILES.items():
        ext.add_argument(f"--{name.replace('_', '-')}", metavar="YAML",
                         help=f"replacement for the packaged {default}")
    ext.add_argument("--reference", help="reference series: the ministry JSON or a CSV "
                     "date,key,value,source (default: CORPUS/reference/casualties_daily.json)")
    ext.add_argument("--engine", choices=("pandas", "dask"), default="pandas",
                     help="where the per-article work runs (default: in this process)")
    ext.add_argument("--scheduler", help="dask scheduler address, e.g. tcp://host:8786 "
                     "(default with --engine dask: a local cluster)")
    ext.add_argument("--cache", nargs="?", const=True, metavar="DIR",
                     help="reuse per-article results cached by content hash in DIR (alone: "
                          "$NEWSPRISM_CACHE or ~/.cache/newsprism)")
    ext.add_argument("--chunk-size", type=int, metavar="N",
                     help="articles held in memory at once while writing the per-article "
                          "tables (default: 1000)")
    ext.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                     help="skip single articles larger than this (default: %(default)s)")
    add_report_parser(commands)
    return parser


def _warn_to_stderr(message, category, filename, lineno, file=None, line=None) -> None:
    """Corpus warnings as one plain line each on stderr."""
    prefix = "warning" if issubclass(category, CorpusWarning) else category.__name__
    print(f"{prefix}: {message}", file=sys.stderr)


def run_extract(args: argparse.Namespace) -> int:
    """Extract every table of a corpus to CSV, streaming by chunk; print a one-line summary."""
    data_files = {name: getattr(args, name) for name in DATA_FILES}
    paths = extract_to(args.corpus, args.out, args.metadata, max_bytes=args.max_bytes,
                       engine=args.engine, scheduler=args.scheduler, cache=args.cache,
                       reference=args.reference, chunk_size=args.chunk_size, **data_files)
    labels = pd.read_csv(paths["lines"], usecols=["label"])["label"]
    content = int(labels.isin(CONTENT_LABELS).sum())
    print(f"{_rows(paths['articles'])} articles, {len(labels)} lines ({content} content, "
          f"{len(labels) - content} dropped), {_rows(paths['sentences'])} sentences, "
          f"{_rows(paths['numbers'])} figures, {_rows(paths['discrepancies'])} discrepancies, "
          f"{_rows(paths['problems'])} problems -> {args.out}")
    return 0


def _rows(path: Path) -> int:
    """Rows of a written table, reading only its first column."""
    return len(pd.read_csv(path, usecols=[0]))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsprism`` command."""
    args = _parser().parse_args(argv)
    warnings.showwarning = _warn_to_stderr
    try:
        return {"extract": run_extract, "report": run_report}[args.command](args)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except AnalysisFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
