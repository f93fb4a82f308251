"""Statement patterns, one small hand-made text each, with the exact statements expected."""

from __future__ import annotations

import pytest

from onrecord.model import Article
from onrecord.quotes import VERSION, extract_quotes


@pytest.fixture
def run(nlp, settings):
    def _run(text: str, title: str | None = None) -> list[tuple]:
        article = Article(id="t", source="t.txt", text=text, title=title)
        quotes = extract_quotes(nlp(text), article, settings)
        for q in quotes:
            assert q.version == VERSION
            for p in q.parts:
                assert text[p.start : p.end] == p.text
            if q.cue is not None:
                assert text[q.cue.start : q.cue.end] == q.cue.text
            if q.speaker.start is not None:
                assert text[q.speaker.start : q.speaker.end] == q.speaker.mention
        return [(q.kind, [p.text for p in q.parts], q.cue.text if q.cue else None, q.speaker.mention) for q in quotes]

    return _run


def test_direct_quote_with_trailing_attribution(run):
    assert run("“We are against external interference,” he said.") == [
        ("direct", ["We are against external interference,"], "said", "he"),
    ]


def test_inverted_attribution(run):
    assert run('"I heard calls for sending troops," said Lavrov.') == [
        ("direct", ["I heard calls for sending troops,"], "said", "Lavrov"),
    ]


def test_split_quote_is_one_statement_with_two_parts(run):
    assert run('"We will not back sanctions," Lavrov said, "nor the deployment of troops."') == [
        ("direct", ["We will not back sanctions,", "nor the deployment of troops."], "said", "Lavrov"),
    ]


def test_attribution_before_the_quote_with_colon(run):
    assert run("The minister said: “Russia will not allow terrorism to prevail.”") == [
        ("direct", ["Russia will not allow terrorism to prevail."], "said", "The minister"),
    ]


def test_guillemets_and_wire_style_quotes(run):
    assert run("«The door is open,» the envoy said.") == [("direct", ["The door is open,"], "said", "the envoy")]
    assert run("``The door is open,'' the envoy said.") == [("direct", ["The door is open,"], "said", "the envoy")]


def test_quote_with_missing_opening_mark(run):
    text = 'Do you think it could contribute to the Geneva Agreements?" Lavrov wondered.'
    (statement,) = run(text)
    assert statement == ("direct", ["Do you think it could contribute to the Geneva Agreements?"], "wondered", "Lavrov")


def test_guessed_marks_lower_the_confidence(nlp, settings):
    good = 'He said, "It will be done."'
    guessed = 'It will be done," he said.'
    conf = {}
    for text in (good, guessed):
        article = Article(id="t", source="t.txt", text=text)
        (q,) = extract_quotes(nlp(text), article, settings)
        conf[text] = q.confidence
    assert conf[guessed] < conf[good]


def test_multi_paragraph_quote_is_one_statement(run):
    text = "“The first point is clear.\n\n“The second point is clear too,” he said."
    assert run(text) == [
        ("direct", ["The first point is clear.\n\n“The second point is clear too,"], "said", "he"),
    ]


def test_indirect_with_that_complementizer_left_out(run):
    assert run("Lavrov said that Russia would not send troops to Syria.") == [
        ("indirect", ["Russia would not send troops to Syria"], "said", "Lavrov"),
    ]


def test_trailing_attribution_of_reported_speech(run):
    assert run("This is what the leading states agreed upon in Geneva, Lavrov said.") == [
        ("indirect", ["This is what the leading states agreed upon in Geneva"], "said", "Lavrov"),
    ]


def test_participial_add_on_is_a_second_statement_with_the_same_speaker(run):
    text = "He stressed his country's support for the talks, adding that Russia rejects any sanctions."
    assert run(text) == [
        ("indirect", ["his country's support for the talks"], "stressed", "He"),
        ("indirect", ["Russia rejects any sanctions"], "adding", "He"),
    ]


def test_according_to(run):
    assert run("Clinton leads Trump by four points, according to the poll.") == [
        ("indirect", ["Clinton leads Trump by four points"], "according to", "the poll"),
    ]


def test_told_reporters(run):
    assert run("The senator told reporters that the bill would pass.") == [
        ("indirect", ["the bill would pass"], "told", "The senator"),
    ]


def test_scare_quotes_make_the_reported_clause_mixed(run):
    text = "Lavrov said the so-called “aid convoys” were a pretext for intervention."
    assert run(text) == [
        ("mixed", ["the so-called “aid convoys” were a pretext for intervention"], "said", "Lavrov"),
    ]


def test_scare_quotes_alone_are_not_statements(run):
    assert run("The so-called “aid convoys” reached the border on Monday.") == []


def test_headline_colon(run):
    text = "Lavrov: Russia won’t allow terrorists to prevail in Syria\n\nThe minister spoke in Moscow."
    article_title = "Lavrov: Russia won’t allow terrorists to prevail in Syria"
    assert run(text, title=article_title) == [
        ("indirect", ["Russia won’t allow terrorists to prevail in Syria"], ":", "Lavrov"),
    ]


def test_headline_flag(nlp, settings):
    text = "Lavrov: Russia won’t allow terrorists to prevail\n\nLavrov said the talks would go on."
    article = Article(id="t", source="t.txt", text=text, title="Lavrov: Russia won’t allow terrorists to prevail")
    quotes = extract_quotes(nlp(text), article, settings)
    assert [(q.in_headline, q.cue.text if q.cue else None) for q in quotes] == [(True, ":"), (False, "said")]


def test_quote_without_cue_takes_the_speaker_of_the_sentence_before(run):
    text = "Davutoglu said he had frank talks with Lavrov. “Russia has contributed a lot to the talks.”"
    assert run(text) == [
        ("indirect", ["he had frank talks with Lavrov"], "said", "Davutoglu"),
        ("direct", ["Russia has contributed a lot to the talks."], None, "Davutoglu"),
    ]


def test_speech_inside_a_quote_is_not_a_statement(run):
    text = "“I heard calls for sending troops, and some said it was wise,” said Lavrov."
    assert run(text) == [
        ("direct", ["I heard calls for sending troops, and some said it was wise,"], "said", "Lavrov"),
    ]


def test_interview_transcript_labels(run):
    text = "The interview follows.\n\nTAPPER: Do you think he has campaigned as a healer?\n\nFALLIN: I think he is trying."
    assert run(text) == [
        ("indirect", ["Do you think he has campaigned as a healer?"], ":", "TAPPER"),
        ("indirect", ["I think he is trying."], ":", "FALLIN"),
    ]


def test_empty_text(run):
    assert run("") == []


def test_split_quote_in_doubled_apostrophes_across_a_long_attribution(run):
    text = "''I'll probably still go with Bernie,'' said Courtney Johnson, 23, a student. ''I just didn't hear enough.''"
    assert run(text) == [
        ("direct", ["I'll probably still go with Bernie,", "I just didn't hear enough."], "said", "Courtney Johnson"),
    ]


def test_cue_between_two_quotes_belongs_to_the_second(run):
    text = "He calls her “an extremely intelligent woman.” He adds, “In a campaign things get heated up.”"
    assert run(text) == [
        ("mixed", ["her “an extremely intelligent woman.”"], "calls", "He"),
        ("direct", ["In a campaign things get heated up."], "adds", "He"),
    ]


def test_coordinated_reporting_verb_is_its_own_statement(run):
    text = "He says he respects Clinton and calls her a wonderful candidate."
    assert run(text) == [
        ("indirect", ["he respects Clinton"], "says", "He"),
        ("indirect", ["her a wonderful candidate"], "calls", "he"),
    ]


def test_subject_with_appositive_and_party_tag(run):
    assert run('"Yes, I support him," Brent Bozell III, founder of the Media Research Center, tells Breitbart News.') == [
        ("direct", ["Yes, I support him,"], "tells", "Brent Bozell III"),
    ]
    assert run("Gov. John Kasich (R-OH) said the wagon was ready.") == [
        ("indirect", ["the wagon was ready"], "said", "Gov. John Kasich"),
    ]


def test_quote_after_a_colon_without_cue_takes_the_clause_subject(run):
    text = "The sign held by the protester at the gate: “No more wars.”"
    assert run(text) == []  # no clause, no subject: not attributed
    text = "Article 33 of the convention is clear: “No state shall expel a refugee.”"
    assert run(text) == [("direct", ["No state shall expel a refugee."], ":", "Article 33 of the convention")]


def test_title_before_the_speaker_does_not_end_the_attribution(run):
    # "Mr." is no sentence end: the attribution after the quote reaches the cue.
    assert run("''If we nominate Donald Trump, Hillary wins,'' Mr. Cruz said.") == [
        ("direct", ["If we nominate Donald Trump, Hillary wins,"], "said", "Mr. Cruz"),
    ]
    assert run("“We will not leave,” U.S. Ambassador Samantha Power said.") == [
        ("direct", ["We will not leave,"], "said", "U.S. Ambassador Samantha Power"),
    ]


def test_clause_cut_inside_the_marks_is_the_quotation(run):
    text = "Sanders asks at Western High School, “Any questions I can answer?”"
    assert run(text) == [("direct", ["Any questions I can answer?"], "asks", "Sanders")]


def test_split_quote_across_an_attribution_with_its_own_clauses(run):
    text = ("“They’re not terminable at will,” Trump spokesman Ron Lieberman told the Journal in July, "
            "after de Blasio stated an interest in ending business with Trump. “These contracts are fully binding.”")
    (first, *rest) = run(text)
    assert first == ("direct", ["They’re not terminable at will,", "These contracts are fully binding."], "told",
                     "Trump spokesman Ron Lieberman")
    assert [r[0] for r in rest] == ["indirect"]  # de Blasio's "stated" is a statement of its own


def test_title_in_the_attribution_does_not_break_a_split_quote(run):
    text = ("\"Well, it's certainly more of a consideration than it was,\" Cuban said in an interview on NBC's "
            "\"Meet the Press.\" \"You don't have to be the perfect candidate.\"")
    assert run(text) == [
        ("direct", ["Well, it's certainly more of a consideration than it was,", "You don't have to be the perfect candidate."],
         "said", "Cuban"),
    ]


def test_long_appositive_between_quote_and_cue(run):
    text = ("\"Both of them scare me,\" Harry Bond, 30, of Raleigh, N.C., who was among those polled, said in a "
            "follow-up interview. \"We need people who will bring people together.\"")
    assert run(text) == [
        ("direct", ["Both of them scare me,", "We need people who will bring people together."], "said", "Harry Bond"),
    ]


def test_dateline_is_never_the_speaker_nor_the_content(run):
    assert run("WASHINGTON (AP) — Donald Trump and House Speaker Paul Ryan pledged to work together after a meeting Thursday.") == [
        ("indirect", ["to work together after a meeting Thursday"], "pledged", "Donald Trump and House Speaker Paul Ryan"),
    ]
    assert run("BEIJING, April 17 (Xinhua) -- Chinese Foreign Minister Wang Yi said on Wednesday that China opposes the use of force.") == [
        ("indirect", ["China opposes the use of force"], "said", "Chinese Foreign Minister Wang Yi"),
    ]


def test_dateline_forms():
    from onrecord.quotes.extract import datelines

    text = "MOSCOW, Nov 28 (Reuters) - Russia said it would not back sanctions.\nMoscow, SANA- Lavrov asserted X.\nDonald Trump - the candidate - said Y."
    assert [text[s:e] for s, e in datelines(text)] == ["MOSCOW, Nov 28 (Reuters) - ", "Moscow, SANA- "]


def test_time_phrase_after_the_cue_is_not_content(run):
    assert run("Russia said on Wednesday it would not support new sanctions.") == [
        ("indirect", ["it would not support new sanctions"], "said", "Russia"),
    ]


def test_no_source_attributions_have_no_speaker(run):
    # "seems": the writer's impression; "Asked ...": the asker is not named.
    assert run("The senator seems to believe that the deal is dead.") == [
        ("indirect", ["to believe that the deal is dead"], "seems", None),
    ]
    statements = run("Asked whether he would back Trump, Rubio said he would support the nominee.")
    assert [(s[2], s[3]) for s in statements] == [("Asked", None), ("said", "Rubio")]


def test_subject_shared_with_a_passive_conjunct(run):
    text = "By the end of the day, Mr. Trump was forced into damage control and said that his words had been misconstrued."
    assert run(text) == [("indirect", ["his words had been misconstrued"], "said", "Mr. Trump")]


def test_subject_the_parser_hung_elsewhere(run):
    text = "Speaking in Harlem, Clinton, without naming him, also accused Sanders of ignoring racial justice issues."
    assert run(text) == [("indirect", ["Sanders of ignoring racial justice issues"], "accused", "Clinton")]
