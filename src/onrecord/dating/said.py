"""When and where a statement was said: said_on from "on Wednesday", "yesterday",
"on June 30" resolved against the publication date; said_where from occasion phrases.

(Placeholder: the resolver lands with issue 4.)
"""

from __future__ import annotations

from ..model import Article, Quote
from ..settings import Settings

VERSION = "said-0"


def resolve_said(quotes: list[Quote], article: Article, settings: Settings) -> None:
    """Fill ``said_on``, ``said_on_text`` and ``said_where`` of each quote in place."""
    return None
