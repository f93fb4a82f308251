"""Speaker mentions: the noun phrase that names or points to the source of a cue."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents that end a mention: clauses and asides after the head
# ("Ahmet Davutoglu, who met Lavrov,", "a source familiar with the talks").
_CUT_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "conj", "parataxis", "prep_after_comma"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "who", "which", "that"}


def subject_of(verb: Token, skip: Callable[[Token], bool] | None = None) -> Token | None:
    """The subject of ``verb`` (the agent of a passive), following conjuncts, participles and relative
    clauses. ``skip(token)`` rules a token out as a subject (a dateline the parser took for one)."""
    seen = 0
    tok: Token | None = verb
    while tok is not None and seen < 6:
        seen += 1
        agent = None
        # The subject nearest the verb: "WASHINGTON (AP) — Trump and Ryan pledged" has two.
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj") and not (skip and skip(c))]
        if subjects:
            # "Ahmet Davutoglu, who said ...": the mention is the relative pronoun, as written;
            # the resolver maps it to its antecedent.
            before = [c for c in subjects if c.i < tok.i]
            return before[-1] if before else subjects[0]
        for child in tok.children:
            if child.dep_ == "agent":
                agent = next((g for g in child.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return agent
        for child in tok.children:
            if child.dep_ == "nsubjpass":
                if tok.i != verb.i and verb.dep_ == "conj":
                    return child  # "Trump was forced into damage control and said ...": the shared subject
                return None  # "was asked": the passive subject is the addressee, not the speaker
        if tok.tag_ == "VBN" and tok.dep_ in ("advcl", "ROOT") and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
            # "Asked whether he would run, Rubio said ...": a passive participle; the one asked
            # is the main clause's subject, the asker is not named.
            return None
        # "Lavrov said X, adding Y" / "Lavrov said X and warned Y": the subject of the governing verb.
        if tok.dep_ in ("conj", "advcl", "xcomp") and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX"):
            tok = tok.head
            continue
        if tok.dep_ == "relcl" and tok.head.i != tok.i:
            return tok.head
        # A finite verb the parser left without a subject ("About 4 in 10 say ..."):
        # the nominal right before it.
        if tok.tag_ in ("VBD", "VBZ", "VBP"):
            left = [c for c in tok.lefts if c.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and c.dep_ not in ("npadvmod", "advmod")]
            if left and left[-1].right_edge.i == tok.i - 1:
                return left[-1]
            return _stray_subject(tok, skip)
        return None
    return None


def _stray_subject(verb: Token, skip: Callable[[Token], bool] | None) -> Token | None:
    """A misparse hung the subject elsewhere ("Speaking in Harlem, Clinton, without naming him, also
    accused", "House Speaker Paul Ryan's office announced" read as a conjunct): the last name or
    noun of the clause before the verb that is no object, possessor or part of a longer name."""
    sent_start = verb.sent.start
    for t in reversed(verb.doc[sent_start : verb.i]):
        if t.is_punct and t.text in (";", ":", "—", "–", '"', "“", "”"):
            return None  # another clause or a quotation: too far
        # A name or pronoun, or a noun with its determiner or possessor ("Ryan's office").
        nominal = t.pos_ in ("PROPN", "PRON") or (t.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") for c in t.children))
        if nominal and t.dep_ in ("appos", "conj", "nsubj", "ROOT", "dep", "npadvmod") and not (skip and skip(t)) \
                and t.head.i != verb.i:
            return t
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") and t.i != verb.i and t.tag_ not in ("VBG", "VBN"):
            return None  # a finite verb of another clause
    return None


def mention_span(head: Token) -> SpacySpan:
    """The mention around ``head``: its determiners, titles and names, without trailing clauses."""
    doc = head.doc
    # "Gov. John Kasich (R-OH)": a party-and-state tag in parentheses is not the head.
    close = next((t for t in doc[head.i : min(head.i + 4, len(doc))] if t.text == ")"), None)
    if close is not None:
        opening = next((t for t in reversed(doc[max(0, head.i - 6) : head.i + 1]) if t.text == "("), None)
        if opening is not None and opening.i > 0 and not doc[opening.i - 1].is_punct:
            head = doc[opening.i - 1]
            return doc[_name_start(head) : opening.i]
    left = head.left_edge.i
    right = head.i
    # Keep right dependents that belong to the name ("Minister Sergei Lavrov", "the officials of X").
    for child in head.rights:
        if (child.dep_ in ("compound", "flat", "nummod", "appos") and not _comma_before(child)) or (child.dep_ == "prep" and child.lower_ in ("of", "at", "for", "in") and not _comma_before(child)):
            right = max(right, child.right_edge.i)
        else:
            break
    # A dateline or label before a dash or colon is not part of the mention
    # ("MACAU (Reuters) – Top Republican Party donor Sheldon Adelson").
    for i in range(head.i - 1, left - 1, -1):
        if doc[i].text in ("–", "—", "--", ":", ")", "|", "”", "“", "\"", "’"):
            left = i + 1
            break
    # Never start on punctuation or a conjunction.
    while left < right and doc[left].is_punct:
        left += 1
    while right > left and doc[right].is_punct:
        right -= 1
    span = doc[left : right + 1]
    # A misparse can hang a whole clause on the subject: keep the name around the head then.
    if len(span) > 12 or any(t.text in (":", "“", "”", '"', "«", "»") or (t.pos_ == "VERB" and t.dep_ not in ("amod", "compound")) for t in span if t.i != head.i):
        return doc[_name_start(head) : head.i + 1]
    return span


def _name_start(tok: Token) -> int:
    """The first token of the name ending at ``tok`` (its compounds, titles and determiner)."""
    i = tok.i
    while i > 0 and tok.doc[i - 1].dep_ in ("compound", "det", "amod", "poss", "nmod") and not tok.doc[i - 1].is_punct:
        i -= 1
    return i


def _comma_before(tok: Token) -> bool:
    return tok.i > 0 and tok.doc[tok.i - 1].text in (",", "(", "—", "–")


def is_pronoun(tok: Token) -> bool:
    return tok.pos_ == "PRON" or tok.lower_ in _PRONOUNS


def entity_type(span: SpacySpan) -> str:
    """person | organization | group | unknown, from the entity labels in the mention."""
    labels = {t.ent_type_ for t in span if t.ent_type_}
    if "PERSON" in labels:
        return "person"
    if labels & {"ORG", "GPE"}:
        return "organization"
    if "NORP" in labels:
        return "group"
    root = span.root
    if root.lower_ in ("he", "she", "him", "her", "i"):
        return "person"
    return "unknown"


def is_proper(span: SpacySpan) -> bool:
    root = span.root
    return root.pos_ == "PROPN" or root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
