"""The world-knowledge tables (data/events.tsv, data/office_terms.tsv) and how constraints combine."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import defaultdict
from importlib import resources

import pytest

from onrecord.dating.constraints import Constraint, narrow
from onrecord.dating.knowledge import events, norm_name, offices, parse_when
from onrecord.dating.mentions import find_mentions
from onrecord.dating.named_events import event_constraints
from onrecord.dating.offices import office_constraints
from onrecord.quotes.speakers import fold, lexicon, surname_key

D = dt.date


def rows(name: str) -> list[list[str]]:
    text = resources.files("onrecord").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


# -- the tables ----------------------------------------------------------------------------------


def test_every_event_row_is_well_formed() -> None:
    by_id: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in rows("events.tsv"):
        assert len(row) == 8, row
        ident, kind, when, end, named_from, names, places, unless = row
        assert kind in {"point", "span"}, row
        lo, hi = parse_when(when)
        assert lo <= hi and lo.year >= 1900, row
        if end != "-":
            assert parse_when(end)[1] >= hi and kind == "span", row
        if named_from != "-":
            parse_when(named_from)
        assert names.strip() and all(n.strip() for n in names.split(";")), row
        assert places == "-" or all(p.strip() for p in places.split(";")), row
        assert unless == "-" or places != "-", row  # "unless" only qualifies place-bound names
        by_id[ident].add((kind, when, end))
    # Rows of one event agree on what it is.
    assert all(len(v) == 1 for v in by_id.values()), {k: v for k, v in by_id.items() if len(v) > 1}


def test_every_event_name_is_found_by_the_compiled_patterns() -> None:
    ev = events()
    for name, found in ev.names.items():
        assert ev.any_name.fullmatch(name), name
        assert bool(ev.strong_name.fullmatch(name)) == any(not r.weak for r in found), name


def test_every_office_row_is_well_formed() -> None:
    lex = lexicon()
    concepts = {c for cs in json.loads(
        resources.files("onrecord").joinpath("data", "speakers", "roles.json").read_text(encoding="utf-8")
    )["role_phrases"].values() for c in cs}
    bodies = {fold(c.name) for c in lex.countries} | {fold(o) for o in lex.organizations.values()}
    terms: dict[tuple[str, str, str, str], list[tuple[D, D]]] = defaultdict(list)
    for row in rows("office_terms.tsv"):
        assert len(row) == 7, row
        body, office, requires, holder, start, end, title = row
        assert fold(body) in bodies, row
        assert set(office.split(";")) <= concepts, row
        assert title in {"office", "kept"}, row
        assert all(surname_key(n) for n in holder.split(";")), row
        lo = parse_when(start)[0]
        hi = D.max if end == "-" else parse_when(end)[1]
        assert lo < hi, row
        terms[(body, office, requires, holder.split(";")[0])].append((lo, hi))
    # One person's terms in one office do not overlap (a term listed twice, or a typo in a year).
    for key, spans in terms.items():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), key
    assert len(terms) >= 300


def test_office_lookup_by_surname_and_spelling_variant() -> None:
    table = offices().by_surname
    steinmeier = [t for t in table["steinmeier"] if "foreign minister" in t.offices]
    assert [(t.start, t.last) for t in sorted(steinmeier, key=lambda t: t.start)] == [
        (D(2005, 11, 22), D(2009, 10, 27)), (D(2013, 12, 17), D(2017, 1, 26))]
    assert any("Ahmet Davutoğlu" in t.names for t in table[surname_key("Davutoglu")])
    assert norm_name("Russia’s  full-scale invasion") == "russia's full-scale invasion"


# -- readings of the text ------------------------------------------------------------------------


def constraints(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    mentions = find_mentions(text)
    found = office_constraints(text, mentions) + event_constraints(text, mentions)
    return [(c.key, [(a.isoformat(), b.isoformat() if b != D.max else "") for a, b in c.spans]) for c in found]


def test_a_title_reads_as_the_holder_s_terms() -> None:
    assert constraints("Lavrov met U.S. Secretary of State John Kerry.") == [
        ("office:john kerry:foreign minister", [("2013-02-01", "2017-01-19")])]
    # A variant spelling, a counterpart of a titled person, a generic-word title.
    assert constraints("Russian Foreign Minister Sergey Lavrov met his Iranian counterpart Mohammad Jawad Zarif.") == [
        ("office:sergei lavrov:foreign minister", [("2004-03-09", "")]),
        ("office:muhammad javad zarif:foreign minister", [("2013-08-15", "2021-08-24")])]
    assert constraints("The talks included Russia's top diplomat, Sergei Lavrov.") == []  # no title before the name
    assert constraints("Sergei Lavrov, Russia's top diplomat, spoke.") == [
        ("office:sergei lavrov:foreign minister", [("2004-03-09", "")])]


@pytest.mark.parametrize("text", [
    "Former Secretary of State John Kerry spoke.",
    "Ex-Secretary of State John Kerry spoke.",
    "then-Secretary of State John Kerry spoke.",
    "As Secretary of State, John Kerry spoke often.",
    "Secretary of State John Kerry had met them before.",
    "In 2014, Secretary of State John Kerry met them.",
    "If Secretary of State John Kerry came, it would help.",
    "Secretary Kerry spoke.",  # a courtesy title, not the office
    "the late Secretary of State John Kerry",
    "Kerry, the former secretary of state, spoke.",
])
def test_a_title_that_is_not_current_reads_as_nothing(text: str) -> None:
    assert constraints(text) == []


def test_a_title_kept_for_life_bounds_from_the_first_term_only() -> None:
    assert constraints("President Bill Clinton spoke.") == [("office:bill clinton:president", [("1993-01-20", "")])]
    # A candidate's title is hypothetical.
    assert constraints("Trump, the Republican candidate, said President Trump would win.") == []


def test_durations_counted_from_an_undated_event() -> None:
    assert constraints("The war in Syria has been raging for five years now.") == [
        ("event:syria-war:named", [("2011-03-01", "")]),
        ("event:syria-war:has been raging for five years", [("2016-03-01", "2017-03-31")])]
    # A generic word needs its place in the sentence, and no other conflict's.
    assert constraints("The conflict has been raging for five years now.") == []
    assert constraints("The conflict between Israel and Syria has lasted for four years.") == []
    # "ago" needs the start of a lasting event said; a point event takes it directly.
    assert constraints("He fled the fighting in Syria two years ago.") == []
    assert constraints("The Boston Marathon bombing two years ago shocked the city.") == [
        ("event:boston-bombing:named", [("2013-04-15", "")]),
        ("event:boston-bombing:two years ago", [("2014-10-15", "2016-04-15")])]


def test_a_war_that_has_ended_may_be_counted_whole() -> None:
    # The Iraq war lasted from March 2003 to December 2011: "the eight-year Iraq war" is said
    # eight years in, or any day after its end; in a past-tense sentence only "not before".
    assert constraints("The eight-year Iraq war has cost trillions.") == [
        ("event:iraq-war:the eight-year iraq war", [("2010-09-20", "2012-03-20"), ("2011-12-18", "")])]
    assert constraints("The eight-year Iraq war cost trillions.") == [
        ("event:iraq-war:the eight-year iraq war", [("2010-09-20", "")])]


def test_a_count_to_now_needs_a_sentence_about_now() -> None:
    assert constraints("More than 400,000 people have been killed in Syria's five-year war.") == [
        ("event:syria-war:'s five-year war", [("2015-09-01", "2017-03-31")])]
    assert constraints("In the sixth year of the Syrian war, the army retook Aleppo.") == [
        ("event:syria-war:named", [("2011-03-01", "")])]


def test_a_named_event_is_past_only_where_the_text_says_so() -> None:
    assert constraints("Sanctions followed the annexation of Crimea.") == [
        ("event:crimea-annexation:named", [("2014-03-01", "")])]
    assert constraints("A full-scale invasion of Ukraine would be a disaster.") == []
    assert constraints("Catherine the Great annexed Crimea in 1783.") == []


# -- combining -----------------------------------------------------------------------------------


def c(key: str, *spans: tuple[D, D], slack: int = 0) -> Constraint:
    return Constraint(key, spans, key, slack)


def test_agreeing_constraints_intersect() -> None:
    got = narrow(D(2012, 1, 1), D(2026, 1, 1), [c("a", (D(2013, 2, 1), D(2017, 1, 19))),
                                               c("b", (D(2009, 5, 1), D(2014, 8, 28)))])
    assert got is not None and (got.lo, got.hi, got.lo_why, got.hi_why) == (D(2013, 2, 1), D(2014, 8, 28), "a", "b")


def test_one_dissenting_constraint_is_set_aside_and_a_tie_keeps_the_span_between() -> None:
    a, b, wrong = c("a", (D(2013, 2, 1), D(2017, 1, 19))), c("b", (D(2015, 1, 1), D.max)), c("w", (D(1993, 1, 20), D(2001, 1, 19)))
    got = narrow(D(1990, 1, 1), D(2026, 1, 1), [a, b, wrong])
    assert got is not None and (got.lo, got.hi) == (D(2015, 1, 1), D(2017, 1, 19)) and got.set_aside == [wrong]
    got = narrow(D(1990, 1, 1), D(2026, 1, 1), [a, wrong])
    assert got is not None and (got.lo, got.hi) == (D(1993, 1, 20), D(2017, 1, 19))


def test_a_constraint_outside_the_text_s_range_is_set_aside_and_slack_stays_inside_it() -> None:
    got = narrow(D(2015, 1, 1), D(2016, 1, 1), [c("old", (D(2001, 1, 1), D(2009, 1, 19)))])
    assert got is not None and (got.lo, got.hi, got.lo_why, got.hi_why) == (D(2015, 1, 1), D(2016, 1, 1), None, None)
    got = narrow(D(2013, 1, 30), D(2026, 1, 1), [c("kerry", (D(2013, 2, 1), D(2017, 1, 19)), slack=7)])
    assert got is not None and (got.lo, got.hi) == (D(2013, 1, 30), D(2017, 1, 26))
    # Two successive holders never meet on a day through their slack.
    got = narrow(D(2009, 1, 1), D(2026, 1, 1), [c("obama", (D(2009, 1, 20), D(2017, 1, 19)), slack=7),
                                               c("trump", (D(2017, 1, 20), D(2021, 1, 19)), slack=7)])
    assert got is not None and (got.lo, got.hi) == (D(2009, 1, 13), D(2021, 1, 26))
