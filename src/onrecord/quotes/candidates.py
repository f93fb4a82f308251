"""Which sentences can hold a statement: a cheap test on plain text, no parse needed.

A sentence is a candidate when it has a quotation mark, a surface form of a cue in
the lexicon ("said", "according to", "claims"), or it is the title paragraph with a
colon ("Lavrov: Russia won't allow ..."). Issue 7 runs the parser on candidates only;
the extractor already looks at nothing else.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon, load_lexicon

_QUOTE_CHARS = re.compile(r"[\"“”„«»‹›‘]|``|''|(?:^|\s)'\w")
_COLON = re.compile(r"\S:\s+\S")


def is_candidate(sentence: str, lexicon: Lexicon | None = None, *, in_title: bool = False) -> bool:
    """True when ``sentence`` may hold (part of) an attributed statement."""
    if _QUOTE_CHARS.search(sentence):
        return True
    lex = lexicon or load_lexicon()
    if lex.surface_re.search(sentence):
        return True
    return bool(in_title and _COLON.search(sentence))
