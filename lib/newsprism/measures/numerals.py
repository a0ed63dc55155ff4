"""Numerals of news English to numbers: "54,418", "2.2 million", "1.5m", "Twenty-four", "a third".

The vocabulary (number words, scales, fraction denominators) comes from the
``number_words`` section of ``data/quantities.yaml``; parsing is plain arithmetic on tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsprism.phrases import fold_case

_WORD_SPLIT = re.compile(r"[\s\-‐–]+")
_DIGITS = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_SCALED = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([A-Za-z]+)?")
_FILLERS = frozenset({"and", "a", "an"})
_PERCENT = 100.0
_SHARE_DECIMALS = 1


@dataclass(frozen=True)
class NumberWords:
    """Number vocabulary: word → value for each class of number word."""

    units: dict[str, int]
    tens: dict[str, int]
    hundred: dict[str, int]
    scales: dict[str, int]
    multipliers: dict[str, int]
    suffixes: dict[str, int]
    fractions: dict[str, int]
    weak_below: int

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> NumberWords:
        """Build from the ``number_words`` mapping of the taxonomy file."""
        def lower(key: str) -> dict[str, int]:
            return {str(k).lower(): int(v) for k, v in (data.get(key) or {}).items()}

        return cls(lower("units"), lower("tens"), lower("hundred"), lower("scales"),
                   lower("multipliers"), lower("suffixes"), lower("fractions"),
                   int(data.get("weak_below", 0)))

    def cardinal_words(self) -> list[str]:
        """Every word that can be part of a spelled-out cardinal."""
        return [*self.units, *self.tens, *self.hundred, *self.scales, *self.multipliers]


def parse_digits(text: str) -> float:
    """Value of a digit string with optional thousands separators and decimals: "54,418.5"."""
    match = _DIGITS.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a digit numeral: {text!r}")
    return float(match.group(1).replace(",", "") + (match.group(2) or ""))


def parse_words(text: str, words: NumberWords) -> float | None:
    """Value of spelled-out cardinals ("two hundred and five", "Twenty-four", "two dozen")."""
    total = 0
    current = 0
    seen = False
    for token in _WORD_SPLIT.split(fold_case(text.strip())):
        if not token:
            continue
        if token in _FILLERS:
            if token != "and":
                current = current or 1
            continue
        if token in words.units:
            current += words.units[token]
        elif token in words.tens:
            current += words.tens[token]
        elif token in words.hundred:
            current = (current or 1) * words.hundred[token]
        elif token in words.multipliers:
            current = (current or 1) * words.multipliers[token]
        elif token in words.scales:
            total += (current or 1) * words.scales[token]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def parse_scaled(digits: str, scale: str, words: NumberWords) -> float:
    """Digits times a scale word or suffix: ("2.2", "million") → 2200000, ("1.5", "m")."""
    value = parse_digits(digits)
    key = fold_case(scale.strip())
    factor = words.scales.get(key) or words.suffixes.get(key) or words.multipliers.get(key) or 1
    return round(value * factor, 6)


def parse_fraction(text: str, words: NumberWords) -> float | None:
    """A spoken fraction as a share in percent: "three-quarters" → 75, "a third" → 33.3."""
    tokens = [t for t in _WORD_SPLIT.split(fold_case(text.strip())) if t]
    if not tokens or tokens[-1] not in words.fractions:
        return None
    numerator = 1.0
    if len(tokens) > 1 and tokens[:-1] not in (["a"], ["an"]):
        parsed = parse_words(" ".join(tokens[:-1]), words)
        if parsed is None:
            return None
        numerator = parsed
    return round(numerator * _PERCENT / words.fractions[tokens[-1]], _SHARE_DECIMALS)


def parse_numeral(text: str, words: NumberWords) -> float | None:
    """Value of any single numeral: digits (with scale word or suffix), words or a fraction."""
    cleaned = fold_case(text.strip())
    match = _SCALED.fullmatch(cleaned)
    if match:
        scale = match.group(2) or ""
        known = not scale or scale in words.scales or scale in words.suffixes
        if not known or _DIGITS.fullmatch(match.group(1)) is None:
            return None
        return parse_scaled(match.group(1), scale, words)
    share = parse_fraction(cleaned, words)
    return share if share is not None else parse_words(cleaned, words)
