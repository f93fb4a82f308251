"""The words the date stage reads: ``data/date_words.tsv`` and ``data/occasions.tsv``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class DateWords:
    months: dict[str, int]  # "Sept" -> 9 (keys as written in the file)
    weekdays: dict[str, int]  # "Wednesday" -> 2
    numbers: dict[str, int]  # "four" -> 4 (lower case)
    units: dict[str, tuple[int, int]]  # "year" -> (days, months): exactly one is non-zero
    ordinals: dict[str, int]  # "fifth" -> 5 (lower case)
    lists: dict[str, frozenset[str]]  # every other kind -> its words (lower case)

    def words(self, kind: str) -> frozenset[str]:
        return self.lists.get(kind, frozenset())


@dataclass(frozen=True)
class Occasions:
    parties: dict[str, str]  # noun (lower case) -> single | multi

    def nouns_longest_first(self) -> list[str]:
        return sorted(self.parties, key=len, reverse=True)


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("onrecord").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


@lru_cache(maxsize=1)
def date_words() -> DateWords:
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    numbers: dict[str, int] = {}
    units: dict[str, tuple[int, int]] = {}
    ordinals: dict[str, int] = {}
    lists: dict[str, set[str]] = defaultdict(set)
    for row in _data_lines("date_words.tsv"):
        kind, word = row[0], row[1]
        value = row[2] if len(row) > 2 else ""
        if kind == "month":
            months[word] = int(value)
        elif kind == "weekday":
            weekdays[word] = int(value)
        elif kind == "number":
            numbers[word.lower()] = int(value)
        elif kind == "ordinal":
            ordinals[word.lower()] = int(value)
        elif kind == "unit":
            n = int(value[:-1])
            units[word.lower()] = (n, 0) if value.endswith("d") else (0, n)
        else:
            lists[kind].add(word.lower())
    return DateWords(months, weekdays, numbers, units, ordinals, {k: frozenset(v) for k, v in lists.items()})


@lru_cache(maxsize=1)
def occasions() -> Occasions:
    rows = _data_lines("occasions.tsv")
    return Occasions({r[0].lower(): r[1] for r in rows if r[0] != "noun" and len(r) > 1})
