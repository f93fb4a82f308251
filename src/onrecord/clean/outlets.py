"""Outlet of an article: metadata, the URL's domain via the outlet registry, or
signatures in the text ("Moscow, SANA-", "(Reuters) -", "All rights reserved by ...").

Needs: the RawDocument (``outlet``, ``url``, ``text``) and the Cleaned text (its removed
boilerplate lines and ``found['sitename']``/``found['url']`` from HTML).
Adds: :class:`OutletGuess` - the canonical outlet name, how it was found (metadata | url |
text), the evidence (the exact text or value it was read from) and the wire service whose
copy the article carries, if the text credits one ("(Reuters) -", "Beijing, April 17 (Xinhua)").

Order of trust: the record's outlet field (or the HTML site name), normalised through the
registry; the URL's host when the registry knows it; a signature in the text; the URL's host
as it is when the registry does not know it (a blog repost of a Press TV story is a Press TV
story when its text says "Presstv.com"). Signatures often sit in lines the cleaner removed
(footers, comment counters), so those are read too, and the raw text's first and last lines.

The registry is ``data/outlets.tsv`` merged with the user's file named by the
``outlet_registry`` setting (docs/outlets.md); generic signature patterns are in
``data/outlet_signatures.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import SettingsError
from ..model import RawDocument
from ..settings import Settings
from . import Cleaned

VERSION = "outlet-1"

__all__ = ["VERSION", "Outlet", "OutletGuess", "Registry", "detect_outlet", "load_registry"]


@dataclass
class OutletGuess:
    outlet: str | None
    source: str | None  # metadata | url | text
    evidence: str | None = None
    wire: str | None = None


@dataclass(frozen=True)
class Outlet:
    name: str
    country: str
    wire: bool
    domains: tuple[str, ...]
    aliases: tuple[str, ...]
    signatures: tuple[str, ...]


def _norm(value: str) -> str:
    value = value.lower().strip()
    value = re.sub(r"^the\s+", "", value)
    return re.sub(r"[^0-9a-z\u00c0-\uffff]", "", value)


def host_of(url: str | None) -> str | None:
    """The URL's host name, lower case, without ``www.``/``m.``/``amp.`` (None if there is none)."""
    if not url or not isinstance(url, str):
        return None
    candidate = url.strip()
    if "://" not in candidate:
        candidate = "http://" + candidate
    try:
        host = urlsplit(candidate).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host.lower())


@dataclass
class Registry:
    outlets: dict[str, Outlet]
    by_domain: dict[str, Outlet] = field(default_factory=dict)
    by_key: dict[str, Outlet] = field(default_factory=dict)
    by_surface: dict[str, Outlet] = field(default_factory=dict)
    literal: list[tuple[Outlet, str | re.Pattern[str]]] = field(default_factory=list)  # the outlet's pages
    copy_literal: list[tuple[Outlet, str | re.Pattern[str]]] = field(default_factory=list)  # its copy anywhere
    templates: list[tuple[str, str, re.Pattern[str]]] = field(default_factory=list)

    def build(self) -> Registry:
        for outlet in self.outlets.values():
            for domain in outlet.domains:
                self.by_domain[domain.lower()] = outlet
            for surface in (outlet.name, *outlet.aliases):
                self.by_key.setdefault(_norm(surface), outlet)
                self.by_surface.setdefault(surface, outlet)
                self.by_surface.setdefault(surface.upper(), outlet)
            for sig in outlet.signatures:
                target = self.copy_literal if sig.startswith("copy:") else self.literal
                sig = sig.removeprefix("copy:")
                target.append((outlet, re.compile(sig[3:]) if sig.startswith("re:") else sig.lower()))
        self.templates = [(kind, where, re.compile(pattern)) for kind, where, pattern in _signature_templates()]
        return self

    def lookup_surface(self, value: str) -> Outlet | None:
        """The outlet named exactly by ``value`` as written in text ("AP", "Xinhua", "REUTERS")."""
        value = value.strip()
        return self.by_surface.get(value) or self.by_surface.get(value.strip(".,;: "))

    def lookup_prefix(self, value: str) -> Outlet | None:
        """The outlet whose name or alias opens ``value`` (the longest such name wins)."""
        tokens = re.findall(r"[\w.&'’\-]+", value)[:8]
        for k in range(len(tokens), 0, -1):
            found = self.lookup_surface(" ".join(tokens[:k]))
            if found:
                return found
        return None

    def lookup_host(self, host: str | None) -> Outlet | None:
        """The outlet of a host name: the longest registered domain it equals or ends with."""
        if not host:
            return None
        parts = host.lower().split(".")
        for i in range(len(parts) - 1):
            found = self.by_domain.get(".".join(parts[i:]))
            if found:
                return found
        return None

    def lookup_name(self, value: str | None) -> Outlet | None:
        """The outlet a metadata value names: a name, an alias ("nyt", "wash-post") or a domain."""
        if not value:
            return None
        found = self.by_key.get(_norm(value))
        if found:
            return found
        if "." in value and " " not in value.strip():
            return self.lookup_host(host_of(value))
        return None


def _read_tsv(text: str, origin: str) -> list[list[str]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if cells[0] in {"name", "kind"}:
            continue
        if len(cells) < 2:
            raise SettingsError(f"{origin}:{n}: expected tab-separated columns, got {line!r}",
                                "see docs/outlets.md for the registry format")
        rows.append(cells)
    return rows


def _outlets_from(text: str, origin: str) -> dict[str, Outlet]:
    out: dict[str, Outlet] = {}
    for cells in _read_tsv(text, origin):
        cells += [""] * (6 - len(cells))
        name, country, wire, domains, aliases, signatures = cells[:6]

        def split(value: str, sep: str = ",") -> tuple[str, ...]:
            return tuple(x.strip() for x in value.split(sep) if x.strip())

        out[name] = Outlet(name, country.upper(), wire.strip() in {"1", "yes", "true", "y"},
                           split(domains.lower()), split(aliases), split(signatures, "||"))
    return out


@lru_cache(maxsize=1)
def _signature_templates() -> tuple[tuple[str, str, str], ...]:
    text = resources.files("onrecord").joinpath("data", "outlet_signatures.tsv").read_text(encoding="utf-8")
    return tuple((c[0], c[1], c[2]) for c in _read_tsv(text, "outlet_signatures.tsv"))


@lru_cache(maxsize=8)
def _load(user_path: str, mtime: float) -> Registry:
    packaged = resources.files("onrecord").joinpath("data", "outlets.tsv").read_text(encoding="utf-8")
    outlets = _outlets_from(packaged, "outlets.tsv")
    if user_path:
        outlets.update(_outlets_from(Path(user_path).read_text(encoding="utf-8"), user_path))
    return Registry(outlets).build()


def load_registry(user_path: str = "") -> Registry:
    """The packaged registry, with the user's file (same columns) merged over it by name."""
    mtime = 0.0
    if user_path:
        path = Path(user_path)
        if not path.is_file():
            raise SettingsError(f"the outlet registry {user_path} does not exist",
                                "fix the outlet_registry setting (a TSV file, see docs/outlets.md)")
        mtime = path.stat().st_mtime
    return _load(user_path, mtime)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _dedupe(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


def _named(reg: Registry, m: re.Match[str]) -> Outlet | None:
    for group, value in m.groupdict().items():
        if group.startswith("name") and value:
            return reg.lookup_surface(value)
        if group == "prefix" and value:
            return reg.lookup_prefix(value)
    return None


def _evidence(line: str, m: re.Match[str]) -> str:
    return line if len(line) <= 120 else m.group(0).strip()


def _literal(signatures: list[tuple[Outlet, str | re.Pattern[str]]], lines: list[str]) -> tuple[Outlet, str] | None:
    """The first outlet whose own signature is in ``lines``, with the line (or the match) as evidence."""
    lowered = [line.lower() for line in lines]  # once, not once per signature
    for outlet, sig in signatures:
        for line, low in zip(lines, lowered, strict=True):
            if isinstance(sig, str):
                found_text = sig if sig in low else None
            else:
                hit = sig.search(line)
                found_text = hit.group(0) if hit else None
            if found_text is not None:
                return outlet, line if len(line) <= 120 else found_text
    return None


def text_signatures(reg: Registry, raw: RawDocument, cleaned: Cleaned) -> tuple[tuple[Outlet, str] | None, tuple[Outlet, str] | None, tuple[Outlet, str] | None]:
    """(page outlet, copy outlet, wire) found in the text, each with its evidence."""
    body = _lines(cleaned.text)
    raw_lines = _lines(raw.text) if raw.text and not raw.html else []
    removed = [r.text.strip() for r in cleaned.removed if r.text.strip()]
    head = _dedupe(body[:4] + raw_lines[:6])
    tail = _dedupe(body[-3:] + raw_lines[-6:])
    lines = _dedupe(head + removed + tail)
    page = _literal(reg.literal, lines)
    copy = _literal(reg.copy_literal, lines)
    wire = copy if copy and copy[0].wire else None
    for kind, where, pattern in reg.templates:
        scope = {"line": lines, "head": head, "tail": tail}.get(where, lines)
        for line in scope:
            m = pattern.search(line)
            if not m:
                continue
            if kind == "domain":
                found = reg.lookup_host(m.group("domain").lower())
                if found and page is None:
                    page = (found, m.group(0).strip())
                continue
            found = _named(reg, m)
            if found is None:
                continue
            if kind == "page":
                if page is None:
                    page = (found, _evidence(line, m))
            elif kind in {"copy", "copy-wire"}:
                if kind == "copy-wire" and not found.wire:
                    continue
                if copy is None:
                    copy = (found, m.group(0).strip())
                if found.wire and wire is None:
                    wire = (found, m.group(0).strip())
    return page, copy, wire


def detect_outlet(raw: RawDocument, cleaned: Cleaned, settings: Settings) -> OutletGuess:
    """The outlet of one document (see the module docstring for the order of trust)."""
    reg = load_registry(settings.outlet_registry)
    page, copy, wire = text_signatures(reg, raw, cleaned)
    wire_name = wire[0].name if wire else None
    for value in (raw.outlet, cleaned.found.get("sitename")):
        if isinstance(value, str) and value.strip():
            known = reg.lookup_name(value)
            return OutletGuess(known.name if known else value.strip(), "metadata", value, wire_name)
    host = host_of(raw.url or cleaned.found.get("url"))
    known_host = reg.lookup_host(host)
    if known_host:
        return OutletGuess(known_host.name, "url", host, wire_name)
    for found in (page, copy):
        if found:
            return OutletGuess(found[0].name, "text", found[1], wire_name)
    if host:
        return OutletGuess(host, "url", host, wire_name)
    return OutletGuess(None, None, None, wire_name)
