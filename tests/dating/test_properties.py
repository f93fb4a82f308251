"""Property: no published date after the run day, or before what the text allows, for any input.

The generator writes reports that describe events on known past dates (in the formats the
stage reads), around which it puts anything else: weekdays, durations, future events,
random words and numbers, random metadata, URLs and crawl dates. Whatever else is there, the
publication date and range must lie between the latest described past event and the run day.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from onrecord.clean import Cleaned
from onrecord.dating import date_article
from onrecord.model import RawDocument, RemovedLine
from onrecord.settings import Settings

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))
run_days = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2030, 12, 31))


def render_day(day: dt.date, style: int) -> str:
    month = MONTHS[day.month - 1]
    return [f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}", day.isoformat(),
            f"{month[:3]}. {day.day}, {day.year}" if month != "May" else f"May {day.day}, {day.year}"][style % 4]


@st.composite
def past_event(draw, run_day: dt.date) -> tuple[str, dt.date]:
    """A sentence describing a past event, and the first day it can have been."""
    day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=run_day))
    kind = draw(st.integers(0, 2))
    if kind == 0:
        template = draw(st.sampled_from(["The talks ended on {d}.", "A meeting in Geneva on {d} agreed on a plan.",
                                         "The communique was issued on {d}.", "On {d}, the ministers met."]))
        style = draw(st.integers(0, 3))
        # An ISO date in running text reads as a machine (UTC) timestamp: the local day of
        # publication may be the day before it.
        floor = day - dt.timedelta(days=1) if style % 4 == 2 else day
        return template.format(d=render_day(day, style)), floor
    if kind == 1:
        return f"The accord was signed in {MONTHS[day.month - 1]} {day.year}.", day.replace(day=1)
    return f"Since {day.year}, the group has met often.", day.replace(month=1, day=1)


noise_sentences = st.one_of(
    st.builds(lambda w: f"Lavrov said on {w} that talks go on.", st.sampled_from(WEEKDAYS)),
    st.builds(lambda w: f"In a {w} briefing, he spoke.", st.sampled_from(WEEKDAYS)),
    st.builds(lambda n: f"The conflict has continued for {n} months now.", st.integers(1, 99)),
    st.builds(lambda n: f"It began over {n} years ago.", st.integers(1, 30)),
    st.builds(lambda d, s: f"The summit will be held on {render_day(d, s)}.", days, st.integers(0, 3)),
    st.builds(lambda d, s: f"Published: {render_day(d, s)}", days, st.integers(0, 3)),
    st.builds(lambda d, s: f"Updated: {render_day(d, s)}", days, st.integers(0, 3)),
    st.builds(lambda d: f"BEIJING, {MONTHS[d.month - 1]} {d.day} (Xinhua) -- China spoke.", days),
    st.builds(lambda y: f"Some {y} numbers.", st.integers(1800, 2100)),
    # World knowledge (events and office terms) only narrows inside what the text allows.
    st.builds(lambda n: f"The conflict in Syria has been continuing for {n} months now.", st.integers(1, 400)),
    st.builds(lambda n: f"An armed militancy broke out in Syria over {n} years ago.", st.integers(1, 40)),
    st.builds(lambda n: f"The Boston Marathon bombing {n} years ago shocked America.", st.integers(1, 40)),
    st.sampled_from(["U.S. Secretary of State John Kerry spoke.", "President Obama spoke.",
                     "Russian Foreign Minister Sergei Lavrov met his German counterpart Frank-Walter Steinmeier.",
                     "The annexation of Crimea drew sanctions.", "UN Special Envoy for Syria Staffan de Mistura left."]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60),
)

metadata = st.one_of(st.none(), st.builds(lambda d: d.isoformat(), days), st.builds(lambda d: d.strftime("%b %d, %Y"), days),
                     st.builds(lambda n: str(n), st.integers(0, 3_000_000_000)), st.text(max_size=20))
urls = st.one_of(st.none(), st.builds(lambda d: f"https://example.com/{d.year}/{d.month:02d}/{d.day:02d}/story", days),
                 st.builds(lambda d: f"https://example.com/{d.year}/{d.month:02d}/", days),
                 st.just("https://example.com/news/12345"), st.text(max_size=30))


def check(date, run_day: dt.date, floor: dt.date | None, crawl: dt.date | None = None) -> None:
    top = min(run_day, crawl + dt.timedelta(days=1)) if crawl else run_day
    if date.published is not None:
        published = dt.date.fromisoformat(date.published)
        assert published <= top
        assert date.range is not None
        lo, hi = (dt.date.fromisoformat(x) for x in date.range)
        if date.precision == "day":
            assert lo <= published <= hi
            assert floor is None or published >= floor
    if date.range is not None:
        lo, hi = (dt.date.fromisoformat(x) for x in date.range)
        assert lo <= hi <= top
        assert floor is None or lo >= floor, (date.range, floor, date.evidence)


@st.composite
def reports(draw):
    run_day = draw(run_days)
    events = draw(st.lists(past_event(run_day), max_size=3))
    noise = draw(st.lists(noise_sentences, max_size=6))
    sentences = [s for s, _ in events] + noise
    order = draw(st.permutations(range(len(sentences))))
    text = "\n\n".join(sentences[i] for i in order) or "Nothing happened."
    floor = max((d for _, d in events), default=None)
    return run_day, text, floor


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), metadata, urls, st.one_of(st.none(), days), st.lists(noise_sentences, max_size=2))
def test_never_after_the_run_day_nor_before_what_the_text_allows(report, meta, url, crawl, removed) -> None:
    run_day, text, floor = report
    raw = RawDocument(id="p", source="p.txt", text=text, published=meta, url=url,
                      meta={"crawled_at": crawl.isoformat() + "T12:00:00Z"} if crawl else {})
    cleaned = Cleaned(text=text, removed=[RemovedLine(r, "caption") for r in removed if r.strip()])
    date = date_article(raw, cleaned, Settings(today=run_day.isoformat()))
    if crawl and floor and floor > crawl + dt.timedelta(days=1):
        floor = None  # the text describes as past what happened after the page was crawled: no floor holds
    check(date, run_day, floor, crawl)


@hsettings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=40)), st.one_of(st.none(), st.text(max_size=60)), run_days)
def test_any_input_gives_a_sane_date_or_none(text, meta, url, run_day) -> None:
    raw = RawDocument(id="p", source="p.txt", text=text, published=meta, url=url)
    date = date_article(raw, Cleaned(text=text), Settings(today=run_day.isoformat()))
    check(date, run_day, None)
    assert date.source in {None, "metadata", "html", "url", "text"}
    assert date.precision in {None, "day", "month", "year"}
