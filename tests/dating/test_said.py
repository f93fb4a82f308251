"""Statement dates and occasions on small hand-made reports (the seeds are in test_seeds.py)."""

from __future__ import annotations

from onrecord.dating.said import resolve_said
from onrecord.model import Article, Quote, Span, SpeakerRef
from onrecord.settings import Settings

RUN = Settings(today="2026-11-22")


def quote(text: str, content: str, cue: str | None, speaker: str, mention: str, nth: int = 0) -> Quote:
    """A quote at the ``nth`` occurrence of ``content`` (its cue and mention are searched near it)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(content, start + 1)
    window_start = text.rfind("\n\n", 0, start) + 1
    cue_span = None
    if cue:
        at = text.index(cue, window_start)
        cue_span = Span(cue, at, at + len(cue))
    m = text.index(mention, window_start)
    return Quote("indirect", [Span(content, start, start + len(content))], cue_span,
                 SpeakerRef(speaker, mention, m, m + len(mention)), 0.9)


def resolve(text: str, quotes: list[Quote], published: str | None = "2016-08-16") -> list[tuple]:
    article = Article(id="t", source="t", text=text, published=published, published_precision="day" if published else None)
    resolve_said(quotes, article, RUN)
    return [(q.said_on, q.said_on_text, q.said_where) for q in quotes]


def test_own_time_after_the_cue_and_carried_to_the_same_speaker_only() -> None:
    text = ("Lavrov said on Monday that Russia would act.\n\n"
            "He added that talks would go on.\n\n"
            "Kerry said the United States disagreed.")
    qs = [quote(text, "Russia would act", "said", "Sergei Lavrov", "Lavrov"),
          quote(text, "talks would go on", "added", "Sergei Lavrov", "He"),
          quote(text, "the United States disagreed", "said", "John Kerry", "Kerry")]
    assert resolve(text, qs) == [("2016-08-15", "on Monday", None), ("2016-08-15", "on Monday", None), (None, None, None)]


def test_times_inside_the_quote_are_what_was_talked_about() -> None:
    text = "“We met the Americans on Monday,” Lavrov said."
    qs = [quote(text, "We met the Americans on Monday,", "said", "Sergei Lavrov", "Lavrov")]
    assert resolve(text, qs) == [(None, None, None)]


def test_a_future_day_is_not_when_it_was_said() -> None:
    text = "Lavrov, who will meet Kerry on Friday, said Russia would act."
    qs = [quote(text, "Russia would act", "said", "Sergei Lavrov", "Lavrov")]
    assert resolve(text, qs)[0][0] is None


def test_yesterday_last_week_and_a_month_day() -> None:
    text = ("Yesterday, Lavrov said Russia would act.\n\n"
            "Last week, Kerry said talks were over.\n\n"
            "On June 30 Zarif said Iran agreed.")
    qs = [quote(text, "Russia would act", "said", "Sergei Lavrov", "Lavrov"),
          quote(text, "talks were over", "said", "John Kerry", "Kerry"),
          quote(text, "Iran agreed", "said", "Mohammad Javad Zarif", "Zarif")]
    assert resolve(text, qs) == [("2016-08-15", "Yesterday", None), (None, "Last week", None),
                                 ("2016-06-30", "June 30", None)]


def test_without_a_publication_date_only_absolute_dates_resolve() -> None:
    text = "Lavrov said on Monday that Russia would act.\n\nOn June 30, 2016, Zarif said Iran agreed."
    qs = [quote(text, "Russia would act", "said", "Sergei Lavrov", "Lavrov"),
          quote(text, "Iran agreed", "said", "Mohammad Javad Zarif", "Zarif")]
    assert resolve(text, qs, published=None) == [(None, "on Monday", None), ("2016-06-30", "June 30, 2016", None)]


def test_participants_of_talks_share_date_and_venue_of_a_press_conference_only_the_date() -> None:
    text = ("Lavrov said on Monday following talks with his German counterpart Frank-Walter Steinmeier "
            "in Yekaterinburg that Russia would act.\n\n"
            "Steinmeier called for safe corridors.")
    qs = [quote(text, "Russia would act", "said", "Sergei Lavrov", "Lavrov"),
          quote(text, "safe corridors", "called for", "Frank-Walter Steinmeier", "Steinmeier", nth=0)]
    talks = "talks with his German counterpart Frank-Walter Steinmeier in Yekaterinburg"
    assert resolve(text, qs) == [("2016-08-15", "on Monday", talks), ("2016-08-15", "on Monday", talks)]
    text = ("Speaking at a press conference after a meeting with Turkish Foreign Minister Ahmet Davutoglu on "
            "Monday, Lavrov said Russia would act.\n\n"
            "Davutoglu said Turkey agreed.")
    qs = [quote(text, "Russia would act", "said", "Sergei Lavrov", "Lavrov"),
          quote(text, "Turkey agreed", "said", "Ahmet Davutoglu", "Davutoglu", nth=0)]
    press = "press conference after a meeting with Turkish Foreign Minister Ahmet Davutoglu"
    assert resolve(text, qs) == [("2016-08-15", "on Monday", press), ("2016-08-15", "on Monday", None)]


def test_an_occasion_named_again_is_the_same_occasion() -> None:
    text = ("Lavrov said on Monday in a press conference in Moscow that Russia would act.\n\n"
            "Lavrov told the press conference that talks would go on.")
    qs = [quote(text, "Russia would act", "said", "Sergei Lavrov", "Lavrov"),
          quote(text, "talks would go on", "told", "Sergei Lavrov", "Lavrov\u0020told")]
    qs[1].speaker.end = qs[1].speaker.start + len("Lavrov")
    assert resolve(text, qs) == [("2016-08-15", "on Monday", "press conference in Moscow")] * 2


def test_a_second_news_item_on_the_page_starts_afresh() -> None:
    text = ("Lavrov said on Monday that Russia would act.\n\n"
            "Bogdanov meets Zarif in Tehran\n\n"
            "Meanwhile, Lavrov said in a statement that Iran was a partner.")
    qs = [quote(text, "Russia would act", "said", "Sergei Lavrov", "Lavrov"),
          quote(text, "Iran was a partner", "said", "Sergei Lavrov", "Lavrov", nth=0)]
    qs[1] = quote(text, "Iran was a partner", "said in a statement", "Sergei Lavrov", "Meanwhile, Lavrov")
    qs[1].speaker = type(qs[1].speaker)("Sergei Lavrov", "Lavrov", text.rindex("Lavrov"), text.rindex("Lavrov") + 6)
    assert resolve(text, qs) == [("2016-08-15", "on Monday", None), (None, None, "statement")]


def test_a_weekday_resolves_within_a_narrow_range() -> None:
    text = "Lavrov said on Monday that Russia would act."
    qs = [quote(text, "Russia would act", "said", "Sergei Lavrov", "Lavrov")]
    article = Article(id="t", source="t", text=text, published_range=("2016-08-15", "2016-08-21"))
    resolve_said(qs, article, RUN)
    assert qs[0].said_on == "2016-08-15"
    article.published_range = ("2016-08-15", "2016-08-23")  # two Mondays possible
    resolve_said(qs, article, RUN)
    assert qs[0].said_on is None and qs[0].said_on_text == "on Monday"
