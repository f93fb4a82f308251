"""Outlet of an article: metadata, the URL's domain via the outlet registry, or
signatures in the text ("Moscow, SANA-", "(Reuters) -", "All rights reserved by ...").

(Placeholder: the registry and signatures land with issue 4.)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import RawDocument
from ..settings import Settings
from . import Cleaned

VERSION = "outlet-0"


@dataclass
class OutletGuess:
    outlet: str | None
    source: str | None  # metadata | url | text
    evidence: str | None = None
    wire: str | None = None


def detect_outlet(raw: RawDocument, cleaned: Cleaned, settings: Settings) -> OutletGuess:
    if raw.outlet:
        return OutletGuess(raw.outlet, "metadata", raw.outlet)
    return OutletGuess(None, None)
