"""HTML through trafilatura: paragraphs, title first, metadata in ``found``, fallbacks."""

from __future__ import annotations

from onrecord.clean import clean_document
from onrecord.clean.html import extract_html, strip_tags
from onrecord.model import RawDocument
from onrecord.settings import Settings

P1 = (
    "Russian Foreign Minister Sergei Lavrov has ruled out Russia's involvement in an armed "
    "conflict in Syria and stressed that Moscow did not violate any international agreements."
)
P2 = (
    "\u201cSurely, Russia's involvement in the armed conflict is just out of the question,\u201d "
    "Lavrov said in answering a question from the newspaper Argumenty i Fakty."
)
P3 = (
    "\u201cThe years of our military-technological cooperation serve primarily to promote "
    "stability in the Middle East,\u201d he said, adding that Moscow was against interference."
)
PAGE = f"""<!DOCTYPE html><html lang="en"><head>
<title>Lavrov rules out Russia's involvement in Syria - RBTH</title>
<meta property="og:title" content="Lavrov rules out Russia's involvement in armed conflict in Syria">
<meta property="og:site_name" content="Russia Beyond">
<meta property="og:url" content="https://www.rbth.com/articles/2012/11/28/lavrov_20489.html">
<meta property="article:published_time" content="2012-11-28T12:05:00+04:00">
<meta property="article:modified_time" content="2016-05-01T10:00:00+04:00">
<meta name="author" content="Jane Smith">
<meta name="description" content="Russia's foreign minister ruled out involvement.">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="cookie">This website uses cookies. <a>Accept cookies</a></div>
<article><h1>Lavrov rules out Russia's involvement in armed conflict in Syria</h1>
<p>{P1}</p>
<figure><img src="a.jpg"><figcaption>Sergei Lavrov (AFP Photo)</figcaption></figure>
<p>{P2}</p>
<p>Read more: <a href="/x">Syria talks collapse in Geneva</a></p>
<p>{P3}</p>
</article>
<div class="comments"><h3>3 Comments</h3><p>Great article, thanks!</p></div>
<footer>&copy; 2012 Rossiyskaya Gazeta. All rights reserved.</footer>
</body></html>"""
TITLE = "Lavrov rules out Russia's involvement in armed conflict in Syria"


def clean_html(html: str, **fields) -> object:
    return clean_document(
        RawDocument(id="t", source="t.html", html=html, **fields), Settings(today="2026-11-22")
    )


def test_article_page() -> None:
    cleaned = clean_html(PAGE)
    assert cleaned.text == f"{TITLE}\n\n{P1}\n\n{P2}\n\n{P3}"
    assert cleaned.title == TITLE
    assert cleaned.language == "en"
    assert cleaned.found == {
        "title": TITLE,
        "date": "2012-11-28",  # the original publication date, not the 2016 modification
        "sitename": "Russia Beyond",
        "url": "https://www.rbth.com/articles/2012/11/28/lavrov_20489.html",
        "author": "Jane Smith",
        "description": "Russia's foreign minister ruled out involvement.",
    }
    assert ("teaser", "Read more: Syria talks collapse in Geneva") in [
        (r.reason, r.text) for r in cleaned.removed
    ]
    assert "Great article" not in cleaned.text  # comments are not article text


def test_record_title_wins_over_the_page_title() -> None:
    cleaned = clean_html(PAGE, title="Lavrov: no Russian role in Syria's war")
    assert cleaned.title == "Lavrov: no Russian role in Syria's war"
    assert cleaned.text.startswith("Lavrov: no Russian role in Syria's war\n\n")


def test_fragment_too_small_for_trafilatura_falls_back_to_tag_stripping() -> None:
    page = extract_html(
        "<footer>Lavrov said <b>no</b>.</footer><footer>Talks &amp; more talks.</footer>",
        url=None,
        max_date="2026-11-22",
    )
    assert page.extractor == "tags"
    assert page.text == "Lavrov said no.\nTalks & more talks."


def test_malformed_html_never_raises() -> None:
    for html in (
        "<html><body><p>Unclosed <div><span>" + "<div>" * 5000 + "Lavrov said talks would go on.",
        "<<<>>>\x00<p <p>>> </html> <script>alert(1)",
        "<html><head><title>Only a title</title></head></html>",
        "",
        "<p>" + "“" * 100_000,
    ):
        cleaned = clean_html(html)
        assert isinstance(cleaned.text, str)
        assert "\x00" not in cleaned.text


def test_strip_tags_drops_scripts_and_keeps_blocks_apart() -> None:
    markup = (
        "<div>One\nline <i>here</i></div><script>var x = '<p>no</p>';</script><br/>Two<!-- c -->"
    )
    assert strip_tags(markup) == "One line here\nTwo"


def test_html_language_attribute_is_used_when_the_text_is_unclear() -> None:
    cleaned = clean_html('<html lang="ar"><body><p>SANA 2016</p></body></html>')
    assert cleaned.language == "ar"
