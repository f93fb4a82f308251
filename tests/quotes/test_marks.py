"""Quotation marks of every style, unbalanced and nested marks, apostrophes that are not quotes."""

from __future__ import annotations

from onrecord.quotes.marks import find_quotes


def contents(text: str, depth: int | None = 0) -> list[tuple[str, bool]]:
    return [(text[q.start : q.end], q.guessed) for q in find_quotes(text) if depth is None or q.depth == depth]


def test_straight_quotes_split_by_attribution():
    text = '"We will not back sanctions," he said, "nor troops."'
    assert contents(text) == [("We will not back sanctions,", False), ("nor troops.", False)]


def test_curly_quotes():
    text = "“For us the red line is clear,” Lavrov told the press conference."
    assert contents(text) == [("For us the red line is clear,", False)]


def test_guillemets():
    assert contents("Il a dit «nous verrons» hier.") == [("nous verrons", False)]


def test_wire_style_doubled_backticks_and_apostrophes():
    text = "``We finally may be seeing wage growth,'' the economist said."
    assert contents(text) == [("We finally may be seeing wage growth,", False)]


def test_nyt_style_doubled_apostrophes_both_ends():
    text = "''Good economic news,'' said Geoff Garin."
    assert contents(text) == [("Good economic news,", False)]


def test_single_quotes_used_as_quotes():
    text = "She called it ‘in their heads.’ The party’s leaders disagreed."
    assert contents(text) == [("in their heads.", False)]


def test_apostrophes_are_not_quotes():
    text = "Clinton’s team said the states' rights debate isn't over, and the '90s were different."
    assert contents(text, depth=None) == []


def test_missing_opening_mark_is_guessed_from_paragraph_start():
    text = 'If you look at this group, could it contribute?" Lavrov wondered.'
    assert contents(text) == [("If you look at this group, could it contribute?", True)]


def test_missing_closing_mark_ends_at_paragraph_end():
    text = "He said: “We will stay the course.\n\nThe meeting ended at noon."
    assert contents(text) == [("We will stay the course.", True)]


def test_multi_paragraph_quote_reopened_at_each_paragraph():
    text = "He said: “First paragraph of the quote.\n\n“Second paragraph, the end.” Then he left."
    assert contents(text) == [("First paragraph of the quote.\n\n“Second paragraph, the end.", False)]


def test_hard_wrapped_quote_runs_to_its_closing_mark():
    text = "“We helped and we continue to\n\nhelp the Syrian army,” Lavrov said."
    assert contents(text) == [("We helped and we continue to\n\nhelp the Syrian army,", False)]


def test_single_quotes_nested_in_double_quotes():
    text = "“He told me ‘no more nonsense’ twice,” she said."
    assert contents(text, depth=None) == [("He told me ‘no more nonsense’ twice,", False), ("no more nonsense", False)]
    assert [q.depth for q in find_quotes(text)] == [0, 1]


def test_double_quotes_nested_in_double_quotes():
    text = "“The question was “Do you trust him?” and I said yes,” she said."
    found = find_quotes(text)
    assert [(text[q.start : q.end], q.depth) for q in found] == [
        ("The question was “Do you trust him?” and I said yes,", 0),
        ("Do you trust him?", 1),
    ]


def test_no_marks_no_quotes_and_no_crash_on_odd_input():
    assert find_quotes("") == []
    assert find_quotes("\n\n\n") == []
    assert find_quotes('"') == []
    assert contents('"""') == []


def test_closing_mark_typed_as_opening_and_opening_typed_as_closing():
    assert contents("”We are ready for talks,” the minister said.") == [("We are ready for talks,", False)]
    assert contents("Aides would not let him ”get close to Ben” on policy.") == [("get close to Ben", False)]
    assert contents("“We are ready for talks,“ the minister said. “The ball is in their court.“") == [
        ("We are ready for talks,", False), ("The ball is in their court.", False)]
