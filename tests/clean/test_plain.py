"""Plain-text cleaning: teaser tails, re-joined hard wraps, broken joins, titles."""

from __future__ import annotations

from onrecord.clean.plain import clean_plain, hard_wrap_width

BODY = (
    "Russian Foreign Minister Sergei Lavrov said on Monday that Moscow would keep helping "
    "Damascus fight terrorism, and that the talks in Geneva had to start without conditions."
)
BODY2 = (
    "He added that the supplies of humanitarian aid to Aleppo must not fall into the hands of "
    "the terrorists, who were preventing civilians from leaving the areas they controlled."
)


def test_title_line_followed_by_a_blank_line_opens_the_text() -> None:
    result = clean_plain(f"Lavrov: Russia won’t allow terrorists to prevail\n\n{BODY}\n\n{BODY2}")
    assert result.title == "Lavrov: Russia won’t allow terrorists to prevail"
    assert result.text == f"{result.title}\n\n{BODY}\n\n{BODY2}"


def test_first_line_that_is_a_sentence_is_not_a_title() -> None:
    result = clean_plain(f"{BODY}\n{BODY2}")
    assert result.title is None
    assert result.text == f"{BODY}\n\n{BODY2}"


def test_short_first_line_before_a_longer_paragraph_is_a_title_without_blank_line() -> None:
    result = clean_plain(f"Russia rejects military intervention in Syria\n{BODY}\n{BODY2}")
    assert result.title == "Russia rejects military intervention in Syria"


def test_metadata_title_is_prepended_once() -> None:
    assert clean_plain(f"{BODY}\n\n{BODY2}", title="Lavrov on Syria").text.startswith(
        "Lavrov on Syria\n\n"
    )
    same = clean_plain(f"Lavrov on Syria\n\n{BODY}", title="LAVROV ON SYRIA")
    assert same.title == "Lavrov on Syria"
    assert same.text == f"Lavrov on Syria\n\n{BODY}"


def test_cookie_and_social_lines_go_with_their_reasons() -> None:
    text = f"{BODY}\n\nAll rights reserved by Rossiyskaya Gazeta.\n\nWe've got more than 2 million followers on Facebook. Join them!\n\nAccept cookies"
    result = clean_plain(text)
    assert result.text == BODY
    assert [(r.reason, r.text) for r in result.removed] == [
        ("copyright", "All rights reserved by Rossiyskaya Gazeta."),
        ("social", "We've got more than 2 million followers on Facebook. Join them!"),
        ("cookie", "Accept cookies"),
    ]


def test_teaser_heading_at_the_end_drops_everything_after_it() -> None:
    text = (
        f"{BODY}\n\n{BODY2}\n\n{BODY}\n\nCheck Also\n\nCherry harvest begins in the Golan… a taste of resilience\n\n"
        "Occupied Syrian Golan, SANA- The season of picking cherry crop in the occupied Golan began."
    )
    result = clean_plain(text)
    assert result.text == f"{BODY}\n\n{BODY2}\n\n{BODY}"
    assert [r.reason for r in result.removed] == ["teaser", "teaser", "teaser"]


def test_teaser_heading_mid_article_drops_only_the_link_titles() -> None:
    text = f"{BODY}\n\nRelated\n\nSyria talks collapse in Geneva\n\nRussia sends jets to Latakia\n\n{BODY2}\n\n{BODY}"
    result = clean_plain(text)
    assert result.text == f"{BODY}\n\n{BODY2}\n\n{BODY}"
    assert [r.text for r in result.removed] == [
        "Related",
        "Syria talks collapse in Geneva",
        "Russia sends jets to Latakia",
    ]


WRAPPED = """Russian
Foreign Minister Sergei Lavrov says Moscow will continue helping
Damascus in order to avoid a repetition of the Libyan scenario in
Syria. In a Thursday briefing with reporters in Moscow,
Lavrov said that Russia’s military assistance to the Syrian government
is meant to avoid a regime change in Syria like what the western powers
orchestrated in Libya.
“We helped and we continue to
help the Syrian government equip the Syrian army with everything it
needs to prevent [a repetition of] the Libyan scenario and other
regretful events that happened in that region,” Lavrov said.
He denied speculations that
Russia is engaged in a military buildup in Syria. Russia will send
the humanitarian items Damascus needs for its people. . “There are
Russian military personnel in Syria,” said the top Russian
diplomat. Moscow says it has never kept its military cooperation a
secret with the anti-
government forces watching."""


def test_hard_wrapped_text_is_rejoined_into_paragraphs() -> None:
    assert hard_wrap_width(WRAPPED.split("\n")) == 67  # the 90th percentile line length
    assert hard_wrap_width(f"{BODY}\n{BODY2}\n{BODY}\n{BODY2}\n{BODY}".split("\n")) is None
    result = clean_plain(WRAPPED)
    paragraphs = result.text.split("\n\n")
    assert paragraphs[0].startswith("Russian Foreign Minister Sergei Lavrov says Moscow")
    assert paragraphs[0].endswith("orchestrated in Libya.")
    # the quote that ran over five wrapped lines is one line of text now
    assert paragraphs[1] == (
        "“We helped and we continue to help the Syrian government equip the Syrian army with "
        "everything it needs to prevent [a repetition of] the Libyan scenario and other regretful "
        "events that happened in that region,” Lavrov said."
    )
    # " . " was a paragraph break
    assert paragraphs[2].endswith("Damascus needs for its people.")
    assert paragraphs[3].startswith("“There are Russian military personnel in Syria,”")
    assert "anti-government forces" in paragraphs[3]
    assert result.title is None and result.wrapped


def test_one_paragraph_per_line_text_is_never_rejoined() -> None:
    lines = WRAPPED.split("\n")
    result = clean_plain(WRAPPED, one_paragraph_per_line=True)
    assert len(result.text.split("\n\n")) == len(lines) + 1  # plus the " . " split


def test_a_wrapped_fragment_is_not_taken_for_a_label() -> None:
    # "Share" alone on a line is a share button, but here it is the end of a wrapped sentence
    text = (
        "The ministry said the two sides had agreed to keep talking and to\n"
        "share\n"
        "intelligence on the armed groups operating in the north of Syria and\n"
        "in the area around the city of Aleppo, where fighting continued on\n"
        "Monday, while the envoy said talks would resume in Geneva next week\n"
        "and that all the parties had been invited to attend the meeting there."
    )
    result = clean_plain(text)
    assert result.removed == []
    assert "to share intelligence" in result.text


def test_blank_and_whitespace_only_input() -> None:
    for text in ("", "\n\n\n", "   \t  \n  "):
        result = clean_plain(text)
        assert (result.text, result.title, result.removed) == ("", None, [])


def test_a_dateline_or_a_label_on_the_first_line_is_not_a_title() -> None:
    assert clean_plain(f"MOSCOW, Nov 28\n\n{BODY}\n\n{BODY2}").title is None
    assert clean_plain(f"Syria\n\n{BODY}\n\n{BODY2}").title is None


def test_a_metadata_title_that_begins_the_first_paragraph_does_not_swallow_it() -> None:
    result = clean_plain(f"{BODY}\n\n{BODY2}", title="Russian Foreign Minister Sergei Lavrov said")
    assert result.title == "Russian Foreign Minister Sergei Lavrov said"
    assert result.text == f"{result.title}\n\n{BODY}\n\n{BODY2}"
    suffixed = clean_plain(
        f"Lavrov rules out Russian role in Syria\n\n{BODY}",
        title="Lavrov rules out Russian role in Syria - RBTH",
    )
    assert suffixed.title == "Lavrov rules out Russian role in Syria"


def test_entities_and_stray_tags_in_plain_text() -> None:
    text = "&#8220;We will not allow it,&#8221; Lavrov said.<br>Talks &amp; more talks<br/>with <b>Kerry</b>."
    assert (
        clean_plain(text).text
        == "“We will not allow it,” Lavrov said.\n\nTalks & more talks\n\nwith Kerry."
    )
    assert clean_plain("AT&T and R&D stay; 3 < 4 > 2").text == "AT&T and R&D stay; 3 < 4 > 2"
