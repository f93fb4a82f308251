"""A paragraph break is a sentence break: a spaCy component run before the parser.

The cleaned text keeps paragraphs apart with a blank line. Without this the parser
reads "... in the U.S.\\n\\nThe National Rifle Association says ..." as one sentence
and the speaker of "says" becomes an object of the sentence before.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "onrecord_paragraph_breaks"


@Language.component(COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    for i in range(len(doc) - 1):
        tok = doc[i]
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc


def add_paragraph_breaks(nlp: Language) -> Language:
    """Insert the component before the parser (once)."""
    if COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    return nlp
