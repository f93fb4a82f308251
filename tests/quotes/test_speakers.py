"""Name matching and canonical names across articles (quotes/speakers.py)."""

from __future__ import annotations

import pytest

from onrecord.model import Article, Extraction, Quote, Span, SpeakerRef
from onrecord.quotes.speakers import (
    canonicalize_corpus,
    cluster_names,
    display_name,
    is_unnamed,
    name_gender,
    name_key,
    preferred_form,
    role_concepts,
    same_person,
    split_role,
    surname_key,
)


@pytest.mark.parametrize(("mention", "expected"), [
    ("Russian Foreign Minister Sergei Lavrov", ("Russian Foreign Minister", "Sergei Lavrov")),
    ("Russian\nForeign Minister Sergei Lavrov", ("Russian Foreign Minister", "Sergei Lavrov")),
    ("the U.S. Representative at the Security Council Susan E. Rice",
     ("U.S. Representative at the Security Council", "Susan E. Rice")),
    ("Sergei Lavrov, Russia's foreign minister", ("Russia's foreign minister", "Sergei Lavrov")),
    ("White House spokesman Josh Earnest", ("White House spokesman", "Josh Earnest")),
    ("Sen. Bernie Sanders (I-Vt.)", ("Sen.", "Bernie Sanders")),
    ("Mr. Trump", (None, "Trump")),
    ("Trump's", (None, "Trump")),
    ("Lavrov", (None, "Lavrov")),
    ("Pope Francis", (None, "Pope Francis")),
    ("Martin Luther King", (None, "Martin Luther King")),
    ("Syrian President Bashar al-Assad", ("Syrian President", "Bashar al-Assad")),
    ("the top Russian diplomat", ("top Russian diplomat", "")),
    ("the Russian Foreign Minister", ("Russian Foreign Minister", "")),
])
def test_split_role(mention, expected):
    assert split_role(mention) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("Sergei Lavrov", "Sergey Lavrov"),
    ("Mohammad Javad Zarif", "Mohammed Jawad Zarif"),
    ("Muhammad Javad Zarif", "Mohamed Javad Zarif"),
    ("Aleksandr Lukashenko", "Alexander Lukashenka"),
    ("Dmitri Peskov", "Dmitriy Peskov"),
    ("Muammar Gaddafi", "Moammar Qaddafi".replace("Moammar", "Muammar")),
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Susan E. Rice", "Susan Rice"),
    ("Bashar al-Assad", "Bashar al- Assad"),
])
def test_name_key_joins_variants(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_keeps_people_apart():
    assert name_key("Bill Clinton") != name_key("Hillary Clinton")
    assert surname_key("Russian Foreign Minister Sergei Lavrov") == "lavrov"


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Lavrov", "Sergei Lavrov", True),
    ("S. Lavrov", "Sergei Lavrov", True),
    ("Javad Zarif", "Mohammad Javad Zarif", True),
    ("Mrs. Clinton", "Hillary Clinton", True),
    ("Mrs. Clinton", "Bill Clinton", False),
    ("Bill Clinton", "Hillary Clinton", False),
    ("A. Lavrov", "Sergei Lavrov", False),
    ("Sergei Lavrov", "Sergei Shoigu", False),
])
def test_same_person(a, b, same):
    assert same_person(a, b) is same


def test_preferred_and_display_forms():
    assert preferred_form("Sergey Lavrov") == "Sergei Lavrov"
    assert preferred_form("Mohammad Jawad Zarif") == "Mohammad Javad Zarif"
    assert preferred_form("George Bush") is None  # two listed Bushes: ambiguous
    assert preferred_form("Jane Unlisted") is None
    assert display_name("Susan E. Rice") == "Susan Rice"
    assert display_name("George W. Bush") == "George W. Bush"
    assert display_name("Mr. Obama") == "Obama"


def test_gender_and_roles():
    assert name_gender("Sergei Lavrov") == "m"
    assert name_gender("Mrs. Clinton") == "f"
    assert name_gender("Xyzzy Lavrov") is None
    concepts, country = role_concepts("Russian Foreign Minister")
    assert concepts[0] == "foreign minister" and country == "Russia"
    assert role_concepts("top Russian diplomat")[0][0] == "foreign minister"
    assert role_concepts("Deputy Foreign Minister")[0][0] == "deputy foreign minister"
    assert is_unnamed("unnamed Western sources") and not is_unnamed("Sergei Lavrov")


def test_cluster_names():
    forms = ["Sergei Lavrov", "Sergey Lavrov", "Sergey Lavrov", "Lavrov", "S. Lavrov",
             "Mohammad Jawad Zarif", "Javad Zarif", "Zarif",
             "Bill Clinton", "Hillary Clinton", "Clinton", "Jane Roe", "Jane Roe", "J. Roe", "Roe"]
    m = cluster_names(forms)
    assert {m[f] for f in ("Sergei Lavrov", "Sergey Lavrov", "Lavrov", "S. Lavrov")} == {"Sergei Lavrov"}
    assert {m[f] for f in ("Mohammad Jawad Zarif", "Javad Zarif", "Zarif")} == {"Mohammad Javad Zarif"}
    assert (m["Bill Clinton"], m["Hillary Clinton"], m["Clinton"]) == ("Bill Clinton", "Hillary Clinton", "Clinton")
    assert {m["Jane Roe"], m["J. Roe"], m["Roe"]} == {"Jane Roe"}


def test_cluster_names_most_frequent_full_form_wins():
    m = cluster_names(["Olena Kovalenko", "Olena Kovalenko", "Olena Kovalenkо".replace("о", "o"), "Olena Kowalenko"])
    assert m["Olena Kovalenko"] == "Olena Kovalenko"
    m = cluster_names(["Ivan Petrenko", "Ivan Petrenko", "Ivan P. Petrenko"])
    assert m["Ivan P. Petrenko"] == "Ivan Petrenko"


def _extraction(eid: str, speakers: list[tuple[str, str]]) -> Extraction:
    quotes = [Quote("indirect", [Span("x", 0, 1)], None, SpeakerRef(name, name, 0, len(name), type=typ), 1.0)
              for name, typ in speakers]
    return Extraction(id=eid, source=eid, article=Article(id=eid, source=eid, text="x"), quotes=quotes)


def test_canonicalize_corpus_rewrites_in_place():
    exs = [
        _extraction("a", [("Sergey Lavrov", "person"), ("Russian government", "organization")]),
        _extraction("b", [("Lavrov", "person"), ("Sergei Lavrov", "person"), ("unnamed officials", "group")]),
        _extraction("c", [("S. Lavrov", "person"), ("Javad Zarif", "person")]),
        _extraction("d", [("Mohammad Jawad Zarif", "person")]),
    ]
    exs[3].quotes[0].speaker.members = []
    joint = Quote("indirect", [Span("x", 0, 1)], None,
                  SpeakerRef("Russia and Iran", "the two sides", 0, 13, type="group"), 1.0)
    joint.speaker.members = ["Sergey Lavrov", "Javad Zarif"]
    exs[3].quotes.append(joint)
    canonicalize_corpus(exs)
    names = [[q.speaker.name for q in ex.quotes] for ex in exs]
    assert names == [
        ["Sergei Lavrov", "Russian government"],
        ["Sergei Lavrov", "Sergei Lavrov", "unnamed officials"],
        ["Sergei Lavrov", "Mohammad Javad Zarif"],
        ["Mohammad Javad Zarif", "Russia and Iran"],
    ]
    assert joint.speaker.members == ["Sergei Lavrov", "Mohammad Javad Zarif"]


def test_canonicalize_is_deterministic():
    def run():
        exs = [_extraction("a", [("Jon Doe", "person"), ("John Doe", "person"), ("Doe", "person")])]
        canonicalize_corpus(exs)
        return [q.speaker.name for q in exs[0].quotes]
    assert run() == run()


def test_collect_speakers_for_the_registry():
    from onrecord.quotes.speakers import collect_speakers

    def q(name, mention, typ="person", role=None, resolution="name"):
        ref = SpeakerRef(name, mention, 0, len(mention), type=typ, resolution=resolution, role=role)
        return Quote("indirect", [Span("x", 0, 1)], None, ref, 1.0)

    a = Extraction(id="a", source="a", article=Article(id="a", source="a", text="x", published="2016-08-15"),
                   quotes=[q("Sergey Lavrov", "Russian Foreign Minister Sergey Lavrov", role="Russian Foreign Minister"),
                           q("Sergey Lavrov", "he", resolution="pronoun"),
                           q("Russian government", "Moscow", typ="organization")])
    b = Extraction(id="b", source="b", article=Article(id="b", source="b", text="x", published="2012-01-18"),
                   quotes=[q("Sergei Lavrov", "Lavrov", role="Russian Foreign Minister"),
                           q("unnamed officials", "officials", typ="group", resolution="description")])
    canonicalize_corpus([a, b])
    recs = collect_speakers([a, b])
    assert [(r.name, r.type, r.statements) for r in recs] == [
        ("Sergei Lavrov", "person", 3), ("Russian government", "organization", 1)]
    assert recs[0].aliases == ["Lavrov", "Sergey Lavrov"]
    assert recs[0].roles == {"Russian Foreign Minister": ("2012-01-18", "2016-08-15")}
    assert recs[1].aliases == ["Moscow"]
