"""Results of a function of one article text, kept for the last few text objects.

The date stage (before the parse) and the said stage (after it) read the same article text
with the same functions (:func:`.mentions.find_mentions`, :func:`.sentences.sentence_spans`),
and the date stage may estimate twice. A function wrapped with :func:`per_text` computes once
per text *object* (lists of mentions or sentences, the lower-cased text): the key is the object's identity, and the entry holds the text itself, so
the id cannot be reused by another string while the entry lives. Equal texts from different
documents are computed anew (each document is work of its own). The lists handed out are
copies; the items in them are shared and must not be changed by callers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps
from typing import TypeVar, cast

T = TypeVar("T")

# Two batches (32 documents each by default) of prepared texts wait for their said stage.
SIZE = 64
# Short strings (lines, phrases) are new objects each time: not worth a slot.
MIN_CHARS = 500
MAX_CHARS = 1_000_000


def per_text(fn: Callable[[str], T]) -> Callable[[str], T]:
    kept: dict[int, tuple[str, T]] = {}
    lock = threading.Lock()

    @wraps(fn)
    def wrapper(text: str) -> T:
        if not MIN_CHARS <= len(text) <= MAX_CHARS:
            return fn(text)
        with lock:
            hit = kept.get(id(text))
        if hit is not None and hit[0] is text:
            return _copy(hit[1])
        out = fn(text)
        with lock:
            if len(kept) >= SIZE:
                del kept[next(iter(kept))]
            kept[id(text)] = (text, out)
        return _copy(out)

    return wrapper


def _copy(value: T) -> T:
    """A list is handed out as a copy (callers may sort or extend it); other values as they are."""
    return cast(T, list(value)) if isinstance(value, list) else value
