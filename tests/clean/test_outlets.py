"""Outlet detection: metadata, URL through the registry, text signatures, wire credits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import SEEDS_DIR, SEEDS_GOLD, need_shared  # tests/ is on pythonpath (pyproject)
from onrecord.clean import clean_document
from onrecord.clean.outlets import detect_outlet, host_of, load_registry
from onrecord.errors import SettingsError
from onrecord.model import RawDocument, RemovedLine
from onrecord.settings import Settings


def guess(settings: Settings, text: str = "Body text.", **fields):
    raw = RawDocument(id="t", source="t.txt", text=text, **fields)
    return detect_outlet(raw, clean_document(raw, settings), settings)


def gold_names(gold_outlet: str) -> set[str]:
    """The gold's canonical outlet names: "A / B" names either; "A (B)" is A carrying B's copy."""
    base = re.sub(r"\s*\([^)]*\)\s*$", "", gold_outlet)
    return {part.strip() for part in base.split(" / ")}


# -- the seeds -------------------------------------------------------------------------------

def seed_guesses(settings: Settings):
    gold = json.loads(need_shared(SEEDS_GOLD).read_text(encoding="utf-8"))
    for record in gold:
        text = (SEEDS_DIR / record["file"]).read_text(encoding="utf-8")
        yield record, guess(settings, text)


def test_seed_outlets_found_from_text_alone(settings: Settings) -> None:
    found = {}
    for record, g in seed_guesses(settings):
        if record["outlet_evidence"] is None:
            # 001 names no outlet: the gold's SANA is inferred from house style.
            assert g.outlet is None, record["file"]
            continue
        assert g.outlet in gold_names(record["outlet"]), (record["file"], g)
        assert g.source == "text"
        assert g.evidence == record["outlet_evidence"]
        found[record["file"][:3]] = g.outlet
    assert set(found) >= {"000", "003", "004"}
    assert found == {"000": "Russia Beyond the Headlines", "002": "China.org.cn", "003": "Press TV", "004": "SANA"}


def test_seed_outlets_from_their_urls(settings: Settings) -> None:
    for record, _ in seed_guesses(settings):
        if record["url"]:
            g = guess(settings, "Body text.", url=record["url"])
            assert g.outlet in gold_names(record["outlet"]) and g.source == "url", record["url"]


def test_photo_credit_and_caption_mentions_are_not_signatures(settings: Settings) -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov (AFP Photo)\n"
        "A handout picture released on July 26, 2015 by the official Syrian Arab News Agency (SANA) shows Assad.\n"
        "Reuters reported that the talks had stalled."
    )
    g = guess(settings, text)
    assert (g.outlet, g.wire) == (None, None)


# -- metadata and URL ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("nyt", "The New York Times"),
        ("New York Times", "The New York Times"),
        ("wash-post", "The Washington Post"),
        ("huff-post", "HuffPost"),
        ("usa-today", "USA Today"),
        ("west-journal", "The Western Journal"),
        ("breitbart", "Breitbart News"),
        ("politico", "Politico"),
        ("www.reuters.com", "Reuters"),
        ("Syrian Arab News Agency", "SANA"),
        ("The Kyiv Weekly Gazette", "The Kyiv Weekly Gazette"),  # unknown: kept as given
    ],
)
def test_metadata_outlet_is_normalised(settings: Settings, value: str, expected: str) -> None:
    g = guess(settings, outlet=value)
    assert (g.outlet, g.source, g.evidence) == (expected, "metadata", value)


@pytest.mark.parametrize(
    ("url", "expected", "source"),
    [
        ("https://www.rbth.com/articles/2012/11/28/x_20489.html", "Russia Beyond the Headlines", "url"),
        ("http://english.china.org.cn/world/2013-04/17/content_28574253.htm", "China.org.cn", "url"),
        ("https://sana.sy/en/?p=85402", "SANA", "url"),
        ("https://m.bbc.co.uk/news/world-123", "BBC News", "url"),
        ("https://edition.cnn.com/2016/08/15/politics/x", "CNN", "url"),
        ("https://www.presstv.ir/Detail/2015/09/10/x", "Press TV", "url"),
        ("https://en.alalam.ir/news/1737539", "Al-Alam", "url"),
        ("https://amp.theguardian.com/world/2015/sep/10/x", "The Guardian", "url"),
        ("https://mostaqueali.blogspot.com/2015/09/righteous-russia.html", "mostaqueali.blogspot.com", "url"),
    ],
)
def test_url_domain_through_registry(settings: Settings, url: str, expected: str, source: str) -> None:
    g = guess(settings, url=url)
    assert (g.outlet, g.source) == (expected, source)


def test_text_signature_beats_an_unknown_domain(settings: Settings) -> None:
    # A blog repost of a Press TV story is a Press TV story.
    g = guess(settings, "Presstv.com\nLavrov said Russia would keep helping.", url="https://someblog.blogspot.com/x.html")
    assert (g.outlet, g.source, g.evidence) == ("Press TV", "text", "Presstv.com")


def test_host_of() -> None:
    assert host_of("https://www.Example.com:8080/a") == "example.com"
    assert host_of("nytimes.com/2016/x") == "nytimes.com"
    assert host_of("not a url") is None
    assert host_of(None) is None


# -- text signatures and wires -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "outlet", "wire", "evidence"),
    [
        ("MOSCOW, Nov 28 (Reuters) - Russia ruled out any role.", "Reuters", "Reuters", "MOSCOW, Nov 28 (Reuters) -"),
        ("WASHINGTON (AP) — The Senate voted.", "Associated Press", "Associated Press", "WASHINGTON (AP) —"),
        ("BEIJING, April 17 (Xinhua) -- China urged restraint.", "Xinhua", "Xinhua", "BEIJING, April 17 (Xinhua) --"),
        ("MOSCOW, November 28. /TASS/. Lavrov said.", "TASS", "TASS", "MOSCOW, November 28. /TASS/"),
        ("PARIS (AFP) - France said.", "Agence France-Presse", "Agence France-Presse", "PARIS (AFP) -"),
        ("WASHINGTON (CNN) — The president said.", "CNN", None, "WASHINGTON (CNN) —"),
        ("Moscow, SANA- Lavrov asserted that Russia will act.", "SANA", "SANA", "Moscow, SANA-"),
        ("Body of the story.\n\n(Xinhua)", "Xinhua", "Xinhua", "(Xinhua)"),
        ("Body of the story.\n\n-- Reuters", "Reuters", "Reuters", "-- Reuters"),
        ("Body.\n\nCopyright 2013 The Associated Press. All rights reserved.", "Associated Press", None,
         "Copyright 2013 The Associated Press. All rights reserved."),
        ("Body.\n\n© 2016 Reuters", "Reuters", None, "© 2016 Reuters"),
        ("Body.\n\nSource: Al Jazeera", "Al Jazeera", None, "Source: Al Jazeera"),
        ("Body.\n\nwww.rt.com", "RT", None, "www.rt.com"),
        ("Body.\n\n(Reporting by Jane Doe; Editing by John Roe)", "Reuters", "Reuters",
         "(Reporting by Jane Doe; Editing by John Roe)"),
    ],
)
def test_text_signatures(settings: Settings, text: str, outlet: str, wire: str | None, evidence: str) -> None:
    g = guess(settings, text)
    assert (g.outlet, g.source, g.wire, g.evidence) == (outlet, "text", wire, evidence)


def test_wire_is_kept_apart_from_the_outlet(settings: Settings) -> None:
    g = guess(settings, "MOSCOW, Nov 28 (Reuters) - Russia ruled out any role.", url="https://news.yahoo.com/x.html")
    assert (g.outlet, g.source, g.wire) == ("Yahoo News", "url", "Reuters")


def test_a_wire_notice_on_another_outlet_s_page_is_the_wire(settings: Settings) -> None:
    text = "Body of the story.\n\n(Reporting by Jane Doe; Editing by John Roe)"
    g = guess(settings, text, url="https://www.huffpost.com/entry/x")
    assert (g.outlet, g.source, g.wire) == ("HuffPost", "url", "Reuters")


def test_a_data_source_line_is_no_outlet(settings: Settings) -> None:
    assert guess(settings, "Body.\n\nSource: NATO.").outlet is None


def test_signature_in_a_removed_line_is_read(settings: Settings) -> None:
    raw = RawDocument(id="t", source="t", text="Body text of the report.")
    cleaned = clean_document(raw, settings)
    cleaned.removed.append(RemovedLine("Go to Forum >>0 Comment(s)", "comments"))
    g = detect_outlet(raw, cleaned, settings)
    assert (g.outlet, g.source, g.evidence) == ("China.org.cn", "text", "Go to Forum >>0 Comment(s)")


# -- the registry -------------------------------------------------------------------------------

def test_packaged_registry_is_well_formed() -> None:
    reg = load_registry()
    assert len(reg.outlets) >= 300
    assert sum(o.wire for o in reg.outlets.values()) >= 50
    seen: dict[str, str] = {}
    for outlet in reg.outlets.values():
        assert re.fullmatch(r"[A-Z]{2}|INT", outlet.country), outlet
        for domain in outlet.domains:
            assert re.fullmatch(r"[a-z0-9\-]+(\.[a-z0-9\-]+)+(/[a-z]+)?", domain), domain
            assert domain not in seen, (domain, seen.get(domain), outlet.name)
            seen[domain] = outlet.name


def test_user_registry_is_merged_over_the_packaged_one(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text(
        "# my outlets\nname\tcountry\twire\tdomains\taliases\tsignatures\n"
        "Valley Courier\tUS\t0\tvalleycourier.example\tThe Courier\tSubscribe to the Valley Courier\n"
        "SANA\tSY\t1\tsana.sy,sana.example\tSyrian Arab News Agency\t\n",
        encoding="utf-8",
    )
    mine = settings.replace(outlet_registry=str(path))
    assert guess(mine, url="https://www.valleycourier.example/a").outlet == "Valley Courier"
    assert guess(mine, "Body.\n\nSubscribe to the Valley Courier today").outlet == "Valley Courier"
    assert guess(mine, url="https://sana.example/x").outlet == "SANA"
    assert guess(mine, url="https://www.reuters.com/x").outlet == "Reuters"  # packaged rows stay
    assert guess(settings, url="https://www.valleycourier.example/a").outlet == "valleycourier.example"


def test_missing_user_registry_is_a_settings_error(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="outlet registry"):
        guess(settings.replace(outlet_registry=str(tmp_path / "nope.tsv")))
