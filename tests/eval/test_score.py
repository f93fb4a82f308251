"""The scorers on small hand-made cases with exact expected numbers."""

from __future__ import annotations

import pytest

from onrecord.eval.score import fold, match, mention_head, mention_match, outlet_match, token_f1


def test_fold_drops_case_punctuation_and_whitespace_runs():
    assert fold("“We  helped,”\n\nhe SAID.") == "we helped he said"
    assert fold(None) == ""


def test_token_f1():
    assert token_f1("Russia will not send troops", "Russia will not send troops.") == 1.0
    assert token_f1("a b c d", "a b") == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert token_f1("", "a") == 0.0


def test_match_is_one_to_one_and_takes_the_best_pairs_first():
    pred = ["Russia will not send troops", "Russia will not send troops to Syria"]
    gold = ["Russia will not send troops to Syria"]
    assert match(pred, gold) == [(1, 0, 1.0)]
    assert match(pred, gold, exact=True) == [(1, 0, 1.0)]
    assert match(["x y"], ["a b c"]) == []


def test_mention_head_and_match():
    assert mention_head("longtime Democratic pollster Pat Caddell") == "caddell"
    assert mention_head("Chris Cox, who runs the NRA’s lobbying arm,") == "cox"
    assert mention_head("the officials of some foreign countries") == "officials"
    assert mention_match("Pat Caddell", "longtime Democratic pollster Pat Caddell")
    assert mention_match("Aides", "Aides to Clinton")
    assert not mention_match("Sanders", "Supporters of Sanders")
    assert mention_match(None, None)
    assert not mention_match("he", None)
    assert not mention_match("Trump", "Clinton")


def test_outlet_match_accepts_the_alternatives_of_a_joint_outlet():
    assert outlet_match("Rossiyskaya Gazeta", "Russia Beyond the Headlines / Rossiyskaya Gazeta")
    assert outlet_match("China.org.cn", "China.org.cn (Xinhua)")
    assert not outlet_match("SANA", "Press TV")
    assert outlet_match("The New York Times", "nyt")
    assert outlet_match("The Washington Post", "wash-post")
    assert outlet_match("Breitbart News", "breitbart")
    assert not outlet_match("The Western Journal", "wash-post")
    assert not outlet_match(None, "SANA")
