"""The date stage: order of trust, what sets a source aside, precision and provenance."""

from __future__ import annotations

from onrecord.clean import Cleaned
from onrecord.dating import date_article
from onrecord.model import RawDocument, RemovedLine
from onrecord.settings import Settings

RUN = Settings(today="2026-11-22")
TEXT = "A handout picture released on July 26, 2015 shows Assad. In a Thursday briefing, Lavrov spoke."


def dated(text: str = TEXT, settings: Settings = RUN, cleaned: Cleaned | None = None, **fields):
    raw = RawDocument(id="t", source="t.txt", text=text, **fields)
    return date_article(raw, cleaned or Cleaned(text=text), settings)


def test_metadata_comes_first() -> None:
    d = dated(published="Thu, 10 Sep 2015 18:55:50 +0300", url="https://x.com/2015/09/11/a")
    assert (d.published, d.precision, d.source, d.range) == ("2015-09-10", "day", "metadata", ("2015-09-10", "2015-09-10"))
    assert d.evidence == "metadata 'Thu, 10 Sep 2015 18:55:50 +0300'"


def test_a_future_or_unreadable_metadata_date_gives_way_to_the_url() -> None:
    d = dated(published="2031-01-01", url="https://x.com/2015/09/11/a")
    assert (d.published, d.source) == ("2015-09-11", "url")
    assert "metadata '2031-01-01' set aside: after 2026-11-22" in d.evidence
    d = dated(published="soon", url="https://x.com/2015/09/11/a")
    assert (d.published, d.source) == ("2015-09-11", "url")
    assert "metadata 'soon' is not a date" in d.evidence


def test_a_source_before_what_the_text_describes_as_past_is_set_aside() -> None:
    d = dated(url="https://x.com/2015/07/01/a")
    assert d.source == "text" and d.range == ("2015-07-26", "2026-11-22")
    assert "URL '/2015/07/01' set aside: before 2015-07-26" in d.evidence


def test_html_date_found_by_the_cleaner() -> None:
    cleaned = Cleaned(text=TEXT, found={"date": "2015-09-10"})
    d = dated(cleaned=cleaned, url="https://x.com/2015/09/11/a")
    assert (d.published, d.source) == ("2015-09-10", "html")


def test_htmldate_reads_the_original_date_when_the_cleaner_found_none() -> None:
    html = (
        "<html><head><meta property='article:published_time' content='2015-09-10T18:55:50+03:00'>"
        "<meta property='article:modified_time' content='2015-09-12T08:00:00+03:00'></head>"
        f"<body><p>{TEXT}</p></body></html>"
    )
    raw = RawDocument(id="t", source="t.html", html=html)
    d = date_article(raw, Cleaned(text=TEXT), RUN)
    assert (d.published, d.source) == ("2015-09-10", "html")


def test_a_month_from_the_url_is_narrowed_by_the_text() -> None:
    d = dated("Russia said the shipment released on September 20, 2015 was legal.",
              url="https://blog.example.com/2015/09/righteous-russia.html")
    assert (d.published, d.precision, d.source, d.range) == ("2015-09-01", "month", "url", ("2015-09-20", "2015-09-30"))


def test_a_year_from_metadata() -> None:
    d = dated(published="2015")
    assert (d.published, d.precision, d.source, d.range) == ("2015-01-01", "year", "metadata", ("2015-07-26", "2015-12-31"))


def test_a_warc_crawl_bounds_from_above() -> None:
    crawled = {"crawled_at": "2015-09-11T02:00:00Z"}
    d = dated(meta=crawled)
    assert d.range == ("2015-07-26", "2015-09-12")  # the crawl's UTC day, plus one for zones east of UTC
    d = dated(meta=crawled, published="2015-09-20")
    assert d.source == "text" and "set aside: after 2015-09-12" in d.evidence


def test_a_range_inside_one_month_gives_a_month() -> None:
    d = dated("The attack on June 3, 2012, two weeks ago, shocked the town.")
    assert (d.published, d.precision, d.source, d.range) == ("2012-06-01", "month", "text", ("2012-06-13", "2012-06-24"))


def test_a_dateline_with_a_year_is_the_date() -> None:
    d = dated("MOSCOW, Nov. 28, 2012 (Xinhua) -- Lavrov said Russia would not intervene.")
    assert (d.published, d.precision, d.source) == ("2012-11-28", "day", "text")
    assert d.evidence == "text: date stamp 'MOSCOW, Nov. 28, 2012 (Xinhua) --'"


def test_a_caption_removed_by_the_cleaner_is_read_but_not_a_teaser() -> None:
    body = "In a Thursday briefing, Lavrov spoke."
    caption = Cleaned(text=body, removed=[RemovedLine("A handout picture released on July 26, 2015", "caption")])
    assert dated(body, cleaned=caption).range == ("2015-07-26", "2026-11-22")
    teaser = Cleaned(text=body, removed=[RemovedLine("Talks ended on July 26, 2025", "teaser")])
    assert dated(body, cleaned=teaser).range is None


def test_nothing_to_go_on() -> None:
    d = dated("Lavrov said Russia would keep helping.")
    assert (d.published, d.precision, d.source, d.range) == (None, None, None, None)
    assert d.evidence == "no date in metadata, HTML, URL or text"
