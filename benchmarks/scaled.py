"""Scaled corpora from real text and a per-stage profile, for measuring newsprism at scale.

``scale_corpus`` writes N synthetic articles made of a seed corpus's own paragraphs,
recombined, with their figures varied and the seeds' captions, bylines and site chrome mixed
in as noise lines, plus a metadata.csv: text that reads like the news the tool is built for,
at any size. ``stage_profile`` splits the per-article time into stages by the module each
step lives in, through a profiling hook that leaves the main path untouched.
"""

from __future__ import annotations

import cProfile
import csv
import hashlib
import pstats
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from newsprism.clean.document import read_corpus
from newsprism.ingest.corpus import METADATA_COLUMNS, METADATA_FILE, Document
from newsprism.options import DataFiles
from newsprism.run.analyse import analyse

# A figure: "38,000", "1.5", "60", not "COVID-19"; years 1900-2099 are kept so dates stay real.
NUMBER = re.compile(r"(?<![\w.,-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]\d)"
                    r"|(?<![\w.,-])\d+(?:\.\d+)?(?![\w]|[.,]\d)")
YEAR = re.compile(r"(?:19|20)\d\d")
CONTENT_LABELS = ("title", "standfirst", "subhead", "body")
NOISE_LABELS = ("caption", "meta", "boilerplate", "related")
PARAGRAPHS = (6, 24)
NOISE_LINES = (1, 6)
FIRST_DAY = "2024-01-01"
# Kinds of outlet the invented outlets of a many-outlet corpus are grouped by (free text, as a
# metadata.csv's outlet_group), and the words their names are made of.
OUTLET_GROUPS = ("wire", "broadsheet", "tabloid", "public broadcaster", "regional",
                 "online-only")
NAME_FIRST = ("Daily", "Evening", "Northern", "Coastal", "Valley", "Capital", "Harbour",
              "Morning", "Central", "Western", "Lakeside", "Upland")
NAME_SECOND = ("Courier", "Ledger", "Herald", "Observer", "Dispatch", "Chronicle", "Gazette",
               "Post", "Record", "Bulletin")
DAYS = 600
# The subpackage (or top-level module) of a step decides its stage; measures are framing
# measures unless their module reads numbers.
STAGE_OF_PACKAGE = {"ingest": "load+clean", "clean": "load+clean", "datafiles": "load+clean",
                    "run": "pipeline"}
NUMBER_MODULE = re.compile(r"number|numeral|quantit|unit")


@dataclass(frozen=True)
class SeedText:
    """The pieces a scaled corpus is built from, all taken from a real corpus."""

    titles: tuple[str, ...]
    paragraphs: tuple[str, ...]
    noise: tuple[str, ...]
    metadata: tuple[dict[str, str], ...]


def seed_text(corpus: str | Path) -> SeedText:
    """Titles, body paragraphs, non-content lines and metadata rows of a corpus."""
    read = read_corpus(corpus)
    lines = read.lines
    body = read.sentences[read.sentences["label"] == "body"]
    paragraphs = [" ".join(group["text"]) for _, group in body.groupby(["article_id",
                                                                        "paragraph"])]
    noise = lines.loc[lines["label"].isin(NOISE_LABELS), "text"].drop_duplicates()
    articles = read.articles
    metadata = articles[["outlet", "wire"]].drop_duplicates().to_dict("records")
    return SeedText(tuple(articles["title"]), tuple(paragraphs), tuple(noise),
                    tuple({k: str(v) for k, v in row.items()} for row in metadata))


def vary_number(surface: str, rng: random.Random) -> str:
    """The same kind of figure with another value: separators and decimals kept, years kept."""
    if YEAR.fullmatch(surface):
        return surface
    decimals = len(surface.split(".")[1]) if "." in surface else 0
    value = float(surface.replace(",", "")) * rng.uniform(0.5, 1.5)
    if decimals:
        return f"{value:,.{decimals}f}" if "," in surface else f"{value:.{decimals}f}"
    number = max(1, round(value))
    return f"{number:,}" if "," in surface else str(number)


def vary_numbers(text: str, rng: random.Random) -> str:
    """``text`` with every figure varied."""
    return NUMBER.sub(lambda match: vary_number(match.group(), rng), text)


def scaled_article(seed: SeedText, rng: random.Random) -> str:
    """One synthetic article: a title, recombined paragraphs and noise lines, blank-separated."""
    count = min(rng.randint(*PARAGRAPHS), len(seed.paragraphs))
    blocks = [vary_numbers(p, rng) for p in rng.sample(seed.paragraphs, count)]
    for _ in range(rng.randint(*NOISE_LINES)):
        blocks.insert(rng.randint(0, len(blocks)), rng.choice(seed.noise))
    return "\n\n".join([vary_numbers(rng.choice(seed.titles), rng), *blocks]) + "\n"


def invented_outlets(count: int, groups: Sequence[str] = OUTLET_GROUPS
                     ) -> tuple[dict[str, str], ...]:
    """``count`` invented outlets as metadata rows (outlet, wire, outlet_group), their groups
    taken in turn: a corpus of many outlets in a few groups, as a large study has."""
    names = [f"{first} {second}" for second in NAME_SECOND for first in NAME_FIRST]
    if count > len(names):
        raise ValueError(f"at most {len(names)} invented outlets, not {count}")
    return tuple({"outlet": f"The {name}", "wire": "", "outlet_group": groups[i % len(groups)]}
                 for i, name in enumerate(names[:count]))


def scale_corpus(seeds: str | Path, out: str | Path, articles: int, *, seed: int = 0,
                 start: int = 0, outlets: Sequence[Mapping[str, str]] = ()) -> Path:
    """Write ``articles`` synthetic .txt articles and their metadata.csv into ``out``.

    Deterministic for a given ``seed``; ``start`` numbers the files (to add more later).
    Each article's outlet is one of ``outlets`` (metadata rows, e.g. ``invented_outlets``),
    else one of the seeds' own.
    """
    text = seed_text(seeds)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    first_day = date.fromisoformat(FIRST_DAY)
    rows = []
    for number in range(start, start + articles):
        body = scaled_article(text, rng)
        name = f"{number:07d}_{hashlib.sha256(body.encode()).hexdigest()[:12]}.txt"
        (folder / name).write_text(body, encoding="utf-8")
        meta = rng.choice(outlets or text.metadata)
        day = first_day + timedelta(days=rng.randrange(DAYS))
        rows.append({"file": name, "outlet": meta["outlet"], "url": "", "published": str(day),
                     "date_evidence": "synthetic", "wire": meta["wire"],
                     "outlet_group": meta.get("outlet_group", "")})
    _append_metadata(folder / METADATA_FILE, rows)
    return folder


def _append_metadata(path: Path, rows: list[dict[str, str]]) -> None:
    """Add rows to a metadata CSV in its own columns, writing the header when the file is
    new."""
    new = not path.exists()
    columns = ["file", *METADATA_COLUMNS]
    if not new:
        with path.open(encoding="utf-8", newline="") as existing:
            columns = next(csv.reader(existing), columns)
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        if new:
            writer.writeheader()
        writer.writerows(rows)


def stage_of(filename: str, stages: Mapping[str, str] = STAGE_OF_PACKAGE) -> str | None:
    """Stage of a profiled function by where it lives in newsprism (its subpackage, and for
    the measures its module); ``None`` outside newsprism."""
    parts = Path(filename).parts
    if "newsprism" not in parts[:-1]:
        return None
    inside = parts[len(parts) - 1 - parts[::-1].index("newsprism"):]
    package = inside[1] if len(inside) > 2 else Path(inside[-1]).stem
    if package in stages:
        return stages[package]
    return "numbers" if NUMBER_MODULE.search(Path(inside[-1]).stem) else "framing"


def stage_profile(documents: Iterable[Document], data: DataFiles) -> dict[str, float]:
    """Seconds of ``analyse`` per stage, from a profile of the steps it calls.

    Each step called by ``analyse`` (or by a pipeline helper it calls) counts for the stage
    of its module (``stage_of``); time spent in ``analyse`` itself counts as "other".
    Profiling slows the code, so use the shares, not the absolute figures.
    """
    profiler = cProfile.Profile()
    for document in documents:
        profiler.runcall(analyse, document, data)
    stats = pstats.Stats(profiler).stats
    root = next(key for key in stats if key[2] == "analyse" and stage_of(key[0]) == "pipeline")
    seconds: dict[str, float] = {}
    _attribute(stats, root, stats[root][3], seconds, {root})
    return seconds


def _attribute(stats: dict, caller: tuple, total: float, seconds: dict[str, float],
               seen: set[tuple]) -> None:
    """Add each callee's time under ``caller`` to its stage; descend into pipeline helpers."""
    spent = 0.0
    for callee, (*_, callers) in stats.items():
        if caller not in callers or callee in seen:
            continue
        cumulative = callers[caller][3]
        spent += cumulative
        stage = stage_of(callee[0])
        if stage == "pipeline":
            _attribute(stats, callee, cumulative, seconds, seen | {callee})
        else:
            seconds[stage or "other"] = seconds.get(stage or "other", 0.0) + cumulative
    seconds["other"] = seconds.get("other", 0.0) + max(0.0, total - spent)


class MixedCode(ValueError):
    """Benchmark runs measured on different versions of the code, which must not be mixed."""


def merge_runs(previous: dict, runs: list[dict], code: str) -> list[dict]:
    """``previous`` benchmark's runs with ``runs`` (same sizes replaced), all of code ``code``.

    A benchmark's ratios compare its runs, so runs of another code version are refused.
    """
    if previous.get("code") != code:
        raise MixedCode(f"the earlier benchmark measured code {previous.get('code') or 'unknown'}"
                        f", this is code {code}: run the whole benchmark (make bench) instead")
    sizes = {run["articles"] for run in runs}
    return [run for run in previous["runs"] if run["articles"] not in sizes] + runs
