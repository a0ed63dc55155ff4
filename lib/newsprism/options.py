"""What a run can be told, with one name everywhere: the CLI flag, the notebook parameter and
the field are the same word (``--loaded-terms``, ``loaded_terms``, ``Options.loaded_terms``).

``Options`` names files and settings; ``DataFiles`` is the data files loaded once, what the
per-article analysis reads.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from newsprism.clean.lines import LinePatterns, load_patterns
from newsprism.datafiles import data_path, file_digest
from newsprism.ingest.corpus import DEFAULT_MAX_BYTES
from newsprism.measures.actor_labels import Actors, load_actors
from newsprism.measures.agency import CasualtyTerms, load_casualty_terms
from newsprism.measures.facets import FacetLexicon, load_facets
from newsprism.measures.numbers import Quantities, load_quantities
from newsprism.measures.terms import LoadedTerms, load_loaded_terms
from newsprism.measures.topics import TopicLexicon, load_topics

# Data files the per-article analysis reads: option name -> packaged file it replaces.
DATA_FILES = {
    "line_patterns": "line_patterns.yaml",
    "quantities": "quantities.yaml",
    "facets": "facets.yaml",
    "actors": "actors.yaml",
    "loaded_terms": "loaded_terms.yaml",
    "casualty_terms": "casualty_terms.yaml",
    "topics": "topics.yaml",
}
ENGINES = ("pandas", "dask")
# Articles whose per-article tables are held in memory at once while they are written.
CHUNK_SIZE = 1000


@dataclass(frozen=True)
class Options:
    """Files replacing the packaged data, the inputs beside the corpus, and how to run.

    Every path is optional: ``None`` takes the packaged data file, ``CORPUS/metadata.csv``
    and ``CORPUS/reference/casualties_daily.json`` when they exist.
    """

    line_patterns: str | Path | None = None
    quantities: str | Path | None = None
    facets: str | Path | None = None
    actors: str | Path | None = None
    loaded_terms: str | Path | None = None
    casualty_terms: str | Path | None = None
    topics: str | Path | None = None
    metadata: str | Path | None = None
    reference: str | Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    engine: str = "pandas"
    scheduler: Any = None
    cache: Any = None
    chunk_size: int = CHUNK_SIZE

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}: choose one of {', '.join(ENGINES)}")

    @classmethod
    def of(cls, values: dict[str, Any]) -> Options:
        """Options from the entries of ``values`` that name one (a notebook's parameters)."""
        names = {field.name for field in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})

    def data_file(self, name: str) -> Path:
        """The file read for data file ``name``: the user's, else the packaged one."""
        given = getattr(self, name)
        return Path(given) if given else data_path(DATA_FILES[name])


@dataclass(frozen=True)
class DataFiles:
    """The data files the per-article analysis reads, loaded once."""

    line_patterns: LinePatterns
    quantities: Quantities
    facets: FacetLexicon
    actors: Actors
    loaded_terms: LoadedTerms
    casualty_terms: CasualtyTerms
    topics: TopicLexicon
    files: tuple[Path, ...]

    @classmethod
    def load(cls, options: Options | None = None) -> DataFiles:
        """Load the packaged data files, or the replacements ``options`` names."""
        files = {name: (options or Options()).data_file(name) for name in DATA_FILES}
        return cls(load_patterns(files["line_patterns"]), load_quantities(files["quantities"]),
                   load_facets(files["facets"]), load_actors(files["actors"]),
                   load_loaded_terms(files["loaded_terms"]),
                   load_casualty_terms(files["casualty_terms"]), load_topics(files["topics"]),
                   tuple(files.values()))

    def fingerprint(self) -> str:
        """Digest of every data file: a change invalidates results that depend on it."""
        return "-".join(file_digest(path) for path in self.files)
