"""The fast scans in find_mentions (candidate starts, key windows) and the per-text memo give
exactly what a plain scan of the whole text gives."""

from __future__ import annotations

import re

import pytest

from onrecord.dating import mentions as M
from onrecord.dating.memo import per_text
from onrecord.dating.scan import key_windows, matches_at

TRICKY = [
    "On 2012-06-30 and x2012-06-30 and 12012-06-30, then 1/2/2012, 12.11.2013 and 1.2.20123.",
    "In 1999, 20199 and 2019x; 2019-; -2019; the years 1920 2020 19201920.",
    "He spoke last  \n Monday, upon Monday, coming Monday, on Mondays, the Sunday's night, earlyMonday.",
    "xthe day before yesterday; the day before yesterday; this mornings; earlier in the day.",
    "Last weekend, several months ago, in recent weeks, recently, agony, a few years ago.",
    "TODAY and Yesterday, This Week, LAST YEAR; Kelvin \u212a, long s \u017f.",
]


def _spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", TRICKY)
def test_candidate_starts_match_a_whole_scan(text: str) -> None:
    p = M._patterns()
    runs = [(m.start(), m.end()) for m in M._DIGIT_RUN.finditer(text)]
    years = [s for s, e in runs if e - s == 4 and text.startswith(("19", "20"), s)]
    assert _spans(matches_at(p.year, text, years)) == _spans(p.year.finditer(text))
    iso = [s for s in years if text.startswith("-", s + 4)]
    assert _spans(matches_at(p.iso, text, iso)) == _spans(p.iso.finditer(text))
    numeric = [s for s, e in runs if e - s <= 2 and text.startswith((".", "/"), e)]
    assert _spans(matches_at(p.numeric, text, numeric)) == _spans(p.numeric.finditer(text))
    weekdays = M._weekday_starts(text, p.weekday_name)
    assert _spans(matches_at(p.weekday, text, weekdays)) == _spans(p.weekday.finditer(text))


@pytest.mark.parametrize("text", TRICKY)
def test_key_windows_match_a_whole_scan(text: str) -> None:
    p = M._patterns()
    low = text.lower()
    day = M._scan(p.relday_lower, low, key_windows(low, M._RELDAY_KEYS, M._RELDAY_PAD))
    assert _spans(day) == _spans(p.relday_lower.finditer(low))
    period = M._scan(p.relperiod_lower, low, key_windows(low, M._RELPERIOD_KEYS, M._RELPERIOD_PAD))
    assert _spans(period) == _spans(p.relperiod_lower.finditer(low))


def _expand(pattern: str) -> list[str]:
    """Every string an alternation of literals with (?:...) groups (not nested) spells."""
    group = re.search(r"\(\?:([^()]*)\)", pattern)
    if group is None:
        return re.split(r"\|", pattern)
    return [s for option in group.group(1).split("|")
            for s in _expand(pattern[: group.start()] + option + pattern[group.end() :])]


def _alternatives(pattern: str) -> list[str]:
    body = pattern[len(r"\b(?P<rel>") : -len(r")\b")]
    parts, depth, last = [], 0, 0
    for i, c in enumerate(body):
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0:
            parts.append(body[last:i])
            last = i + 1
    return [*parts, body[last:]]


@pytest.mark.parametrize("pattern,keys", [(M._RELDAY, M._RELDAY_KEYS), (M._RELPERIOD, M._RELPERIOD_KEYS)])
def test_every_relative_phrase_holds_a_key(pattern: str, keys: tuple[str, ...]) -> None:
    phrases = [s for alternative in _alternatives(pattern) for s in _expand(alternative)]
    assert len(phrases) > 10
    for phrase in phrases:
        assert re.fullmatch(pattern, phrase), phrase
        assert any(k in phrase for k in keys), phrase


def test_memo_is_per_object_and_hands_out_copies() -> None:
    calls: list[str] = []

    @per_text
    def words(text: str) -> list[str]:
        calls.append(text)
        return text.split()

    text = "word " * 200
    first = words(text)
    first.append("changed")
    assert words(text) == ["word"] * 200
    assert len(calls) == 1
    assert words("".join(["word "] * 200)) == ["word"] * 200  # an equal text, another object
    assert len(calls) == 2


@pytest.mark.parametrize("text", ["He spoke yeſterday, and last week.", "İstanbul: he left Yesterday, back last Week.",
                                  "Said YESTERDAY and In Recent Weeks."])
def test_relative_days_found_as_a_case_blind_scan_finds_them(text: str) -> None:
    # The lower-cased fast scan is used only where it finds what IGNORECASE finds ("ſ" is
    # matched by "s" case-blind but lower-cases to itself; "İ" lower-cases to two characters).
    p = M._patterns()
    expected = sorted({(m.start(), m.end()) for rx in (p.relday, p.relperiod) for m in rx.finditer(text)})
    got = sorted((m.start, m.end) for m in M.find_mentions(text) if m.kind in ("relday", "relperiod"))
    assert got == expected
    assert got


def test_memo_keeps_any_value_and_copies_only_lists() -> None:
    @per_text
    def lowered(text: str) -> str:
        return text.lower()

    text = "Word " * 200
    assert lowered(text) is lowered(text)  # the kept string itself


@pytest.mark.parametrize("extra", ["", " \u0131", " \u017f", " \u0130"])
def test_occasions_in_any_case_with_or_without_the_fast_scan(extra: str) -> None:
    from onrecord.dating.occasions import _lowered, find_occasions

    text = "Speaking at a PRESS CONFERENCE in Moscow, Lavrov said talks would go on." + extra
    assert (_lowered(text) is None) == bool(extra)
    found = find_occasions(text, 0, len(text))
    assert [(o.text, o.noun, o.where) for o in found] == [
        ("at a PRESS CONFERENCE in Moscow", "press conference", "PRESS CONFERENCE in Moscow")
    ]


def test_campaign_words_are_only_tried_where_they_start() -> None:
    from onrecord.dating.offices import _CAMPAIGN, _CAMPAIGN_STARTS
    from onrecord.dating.scan import lowered, starts_of

    text = ("Candidates, a CANDIDACY, the nominee's nomination, hopefuls, front-runners and frontrunner, "
            "Campaigning in the primary (primaries, caucuses): he Runs  for office, wins the White House, "
            "if she wins, If elected, the Presidential bid; rerun for, twin the presidency, ifelected.")
    low = lowered(text)
    assert low is not None
    fast = matches_at(_CAMPAIGN, text, starts_of(low, _CAMPAIGN_STARTS))
    assert [m.span() for m in fast] == [m.span() for m in _CAMPAIGN.finditer(text)]
    assert len(fast) == 16
