"""Clustering reports into statements: speaker, occasion, words."""

from __future__ import annotations

from onrecord.link.statements import Report, cluster_reports, same_occasion_possible

LINE = "We will not lift a single sanction until the last soldier has left our territory."


def r(id_: str, text: str, *, speaker: str = "Ana Kovac", kind: str = "direct", published: str | None = "2024-03-12",
      said_on: str | None = None, said_where: str | None = None, article: str | None = None) -> Report:
    return Report(id=id_, speaker=speaker, kind=kind, text=text, published=published, said_on=said_on,
                  said_where=said_where, article=article or f"art-{id_}")


def test_occasion_by_said_on_and_publication_window() -> None:
    assert same_occasion_possible(r("a", LINE, said_on="2024-03-12"), r("b", LINE, said_on="2024-03-13"))
    assert not same_occasion_possible(r("a", LINE, said_on="2024-03-12"), r("b", LINE, said_on="2024-04-22"))
    # No said_on: published within the window (5 days) of each other.
    assert same_occasion_possible(r("a", LINE, published="2024-03-12"), r("b", LINE, published="2024-03-16"))
    assert not same_occasion_possible(r("a", LINE, published="2024-03-12"), r("b", LINE, published="2024-03-30"))
    # A report cannot be said after it was published.
    assert not same_occasion_possible(r("a", LINE, said_on="2024-03-20"), r("b", LINE, published="2024-03-12"))
    # Undated reports are never excluded by date.
    assert same_occasion_possible(r("a", LINE, published=None), r("b", LINE, published="2020-01-01"))


def test_occasion_by_place() -> None:
    day = {"said_on": "2025-01-13"}
    assert same_occasion_possible(r("a", LINE, said_where="a news conference in Brussels", **day),
                                  r("b", LINE, said_where="a press conference in Brussels", **day))
    assert not same_occasion_possible(r("a", LINE, said_where="the state of the city address", **day),
                                      r("b", LINE, said_where="a town hall meeting in Eastfield", **day))
    # Generic descriptions alone are too vague to tell occasions apart.
    assert same_occasion_possible(r("a", LINE, said_where="his speech", **day), r("b", LINE, said_where="an address", **day))


def test_direct_shortened_and_paraphrased_reports_are_one_statement() -> None:
    reports = [
        r("reuters", LINE, said_on="2024-03-12"),
        r("ap", "her government would not lift any sanctions until the last soldier had left its territory", kind="indirect"),
        r("euronews", "We will not lift a single sanction", published="2024-03-13"),
        r("other", "Our door to negotiations remains open, but talks cannot begin under fire."),
    ]
    assert sorted(sorted(c) for c in cluster_reports(reports)) == [["ap", "euronews", "reuters"], ["other"]]


def test_same_words_on_two_occasions_stay_apart_even_with_an_undated_report_between() -> None:
    reports = [
        r("march", LINE, said_on="2024-03-12"),
        r("april", LINE, said_on="2024-04-22"),
        r("undated", LINE, published=None),
    ]
    clusters = sorted(sorted(c) for c in cluster_reports(reports))
    assert ["april", "march"] not in clusters and len(clusters) == 2


def test_different_speakers_never_link() -> None:
    reports = [r("a", LINE), r("b", LINE, speaker="Someone Else"), r("c", LINE, speaker=None)]  # type: ignore[arg-type]
    assert sorted(len(c) for c in cluster_reports(reports)) == [1, 1, 1]


def test_one_article_does_not_chain_two_of_its_sentences() -> None:
    # Two different sentences of one article, and a third report that overlaps both.
    a = r("a1", "Sanctions are working and their economy is shrinking.", article="same")
    b = r("a2", "Their economy is shrinking and their army is exhausted.", article="same")
    c = r("c", "sanctions were working, their economy shrinking and their army exhausted", kind="indirect")
    clusters = cluster_reports([a, b, c])
    assert not any({"a1", "a2"} <= set(cl) for cl in clusters)


def test_undated_reports_link_only_when_near_verbatim() -> None:
    undated = {"published": None}
    verbatim = [r("a", LINE, **undated), r("b", LINE.rstrip("."), **undated)]
    assert len(cluster_reports(verbatim)) == 1
    paraphrase = [
        r("a", "any country seeking military intervention in Syria will not receive any authorization", **undated),
        r("b", "his country rejects military intervention in Syria", kind="indirect", **undated),
    ]
    assert len(cluster_reports(paraphrase)) == 2
    # The same pair with dates on one occasion is one statement.
    dated = [r("a", paraphrase[0].text), r("b", paraphrase[1].text, kind="indirect")]
    assert len(cluster_reports(dated)) == 1
