"""The clean stage never fails, whatever the input: properties over random text, and the
classic hostile cases (100k quotation marks, a 5 MB line, NUL bytes, every Unicode category)."""

from __future__ import annotations

import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord.clean import Cleaned, clean_document
from onrecord.clean.lines import classify_line
from onrecord.model import RawDocument
from onrecord.settings import Settings

SETTINGS = Settings(today="2026-11-22")

# Lines built from the pieces the rules look for, so the random text reaches deep into them.
PIECES = st.sampled_from(
    [
        "By ",
        "A",
        "-",
        "A-",
        ", ",
        " and ",
        "Photo",
        "(",
        ")",
        "AFP",
        "/",
        "Reuters ",
        "said ",
        "©",
        " ",
        "Read more",
        ":",
        "…",
        "“",
        "”",
        '"',
        "'",
        "shows ",
        "handout picture released ",
        "Home » ",
        "Share ",
        "Facebook ",
        "Follow ",
        "@x ",
        "in ",
        "Smith ",
        "cookies ",
        ". . ",
        "\n",
        "\n\n",
        "\t",
        "\r\n",
        "\x00",
        "\u2028",
        "\ud800",
        "2012 ",
        "Check Also",
        "\ufeff",
    ]
)
HOSTILE_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(PIECES, max_size=200).map("".join),
    st.lists(st.one_of(st.text(max_size=80), PIECES), max_size=60).map("".join),
)


def check(cleaned: Cleaned) -> None:
    text = cleaned.text
    assert isinstance(text, str)
    assert "\x00" not in text and "\r" not in text
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text), "lone surrogates reach the store"
    text.encode("utf-8")  # the store writes UTF-8
    assert text == text.strip() and "\n\n\n" not in text
    for paragraph in text.split("\n\n") if text else []:
        assert paragraph and "\n" not in paragraph
    if cleaned.title is not None:
        assert text == cleaned.title or text.startswith(cleaned.title + "\n\n")
    for removed in cleaned.removed:
        assert isinstance(removed.text, str) and removed.reason


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=HOSTILE_TEXT, title=st.one_of(st.none(), st.text(max_size=60)))
def test_any_text_cleans(text: str, title: str | None) -> None:
    check(clean_document(RawDocument(id="h", source="h", text=text, title=title), SETTINGS))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=HOSTILE_TEXT)
def test_any_html_cleans(text: str) -> None:
    check(
        clean_document(
            RawDocument(id="h", source="h", html=f"<html><body><p>{text}</p></body></html>"),
            SETTINGS,
        )
    )
    check(clean_document(RawDocument(id="h", source="h", html=text), SETTINGS))


@settings(max_examples=300, deadline=None)
@given(line=st.lists(PIECES, max_size=300).map("".join))
def test_classify_line_returns_a_verdict_or_none(line: str) -> None:
    verdict = classify_line(line)
    assert verdict is None or verdict.reason


def test_hundred_thousand_quotation_marks() -> None:
    text = "Lavrov said " + "“" * 50_000 + "”" * 50_000 + " and left."
    check(clean_document(RawDocument(id="q", source="q", text=text), SETTINGS))


def test_five_megabyte_line() -> None:
    text = ("Lavrov said the talks would continue. " * 140_000)[:5_000_000]
    cleaned = clean_document(RawDocument(id="big", source="big", text=text), SETTINGS)
    check(cleaned)
    assert len(cleaned.text) > 4_900_000


def test_nul_bytes_and_control_characters() -> None:
    text = "Lavrov\x00 said\x01 the\x7f talks\x9f would\x0b continue.\r\nAccept cookies\x00"
    cleaned = clean_document(RawDocument(id="n", source="n", text=text), SETTINGS)
    check(cleaned)
    assert cleaned.text == "Lavrov said the talks would\n\ncontinue."


def test_every_unicode_category() -> None:
    text = "".join(chr(c) for c in range(0, sys.maxunicode + 1, 7))
    check(clean_document(RawDocument(id="u", source="u", text=text), SETTINGS))
    check(clean_document(RawDocument(id="u", source="u", html=text), SETTINGS))


def test_many_short_lines() -> None:
    text = "\n".join(f"Share\nLavrov said {i}.\n“\n" for i in range(20_000))
    check(clean_document(RawDocument(id="m", source="m", text=text), SETTINGS))
