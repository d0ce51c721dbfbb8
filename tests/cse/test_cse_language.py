"""The language matcher against a corpus of sentences that should and should not match."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from inspect_tui.domain.language import LanguageMatcher, compile_pattern, find_flags

CORPUS = yaml.safe_load((Path(__file__).parent / "language_corpus.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def matcher(catalogue):
    return LanguageMatcher(catalogue.language.phrases)


@pytest.mark.parametrize("entry", CORPUS["should_match"], ids=lambda e: e["text"][:40])
def test_should_match(matcher, entry):
    flags = matcher.find_flags(entry["text"])
    assert [f.phrase_id for f in flags] == entry["phrases"]
    for flag in flags:
        assert entry["text"][flag.start:flag.end] == flag.text
        assert flag.alternative


@pytest.mark.parametrize("text", CORPUS["should_not_match"], ids=lambda t: t[:40])
def test_should_not_match(matcher, text):
    assert matcher.find_flags(text) == []


@pytest.mark.parametrize("entry", CORPUS["quoted"], ids=lambda e: e["text"][:40])
def test_quoted_text_is_not_flagged(matcher, entry):
    assert matcher.find_flags(entry["text"]) == []
    flags = matcher.find_flags(entry["text"], include_quoted=True)
    assert [f.phrase_id for f in flags] == entry["phrases"]
    assert all(f.quoted for f in flags)


@pytest.mark.parametrize("entry", CORPUS["ask_expected"], ids=lambda e: e["text"][:40])
def test_ask_only_phrases_ask(matcher, entry):
    flags = matcher.find_flags(entry["text"])
    assert [f.phrase_id for f in flags] == entry["phrases"]
    assert all(f.ask_only for f in flags)


@pytest.mark.parametrize("entry", CORPUS["known_false_positives"], ids=lambda e: e["text"][:40])
def test_known_false_positives_are_still_flagged(matcher, entry):
    """Documents the matcher's limits: these are counted in the false-positive figure."""
    assert [f.phrase_id for f in matcher.find_flags(entry["text"])] == entry["phrases"]


def test_false_positive_rate(matcher):
    clean = CORPUS["should_not_match"] + [e["text"] for e in CORPUS["known_false_positives"]]
    firm = sum(1 for t in clean if any(not f.ask_only for f in matcher.find_flags(t)))
    rate = firm / len(clean)
    assert rate <= 0.05, f"{firm} of {len(clean)} acceptable sentences flagged"


def test_every_phrase_in_the_content_has_a_corpus_sentence(catalogue):
    covered = {p for e in CORPUS["should_match"] for p in e["phrases"]}
    assert {p.id for p in catalogue.language.phrases} <= covered


@pytest.mark.parametrize("pattern, text, hit", [
    ("{self}", "herself", True),
    ("{self}", "her", False),
    ("{they} said", "They said", True),
    ("{them}", "him", True),
    ("{their} choice", "his choice", True),
    ("lifestyle", "lifestyles", True),
    ("lifestyle", "lifestyleX", False),
    ("consensual", "non-consensual", False),
    ("(a|b c)", "b  c", True),
])
def test_pattern_syntax(pattern, text, hit):
    assert bool(compile_pattern(pattern).search(text)) is hit


def test_find_flags_default_language_and_positions():
    text = "We note she is streetwise."
    [flag] = find_flags(text)
    assert (flag.start, flag.end, flag.phrase_id, flag.ask_only) == (15, 25, "streetwise", False)


def test_overlapping_matches_keep_the_firm_flag(matcher):
    [flag] = matcher.find_flags("She consented to sex.")
    assert flag.phrase_id == "consensual" and not flag.ask_only


def test_demo_text_has_no_false_positives(service, demo_id):
    """Every free-text field of the demo (notes, evaluation, actions, CSE notes): the only
    flag is the ask on LL-0436's "boyfriend" whose age staff do not know, which is a fair
    question; the provider's "putting herself at risk" is quoted and so not flagged."""
    problems = [p for p in service.check(service.load(demo_id))
                if p.kind in ("language", "language_ask")]
    assert [(p.kind, p.message.split(":")[0]) for p in problems] == [
        ("language_ask", '"boyfriend" in the risk-management note for LL-0436')]


def _every_pattern(matcher, text, include_quoted):
    """What the matcher finds running every pattern, none skipped for a missing word."""
    unfiltered = LanguageMatcher([])
    unfiltered._compiled = tuple(
        type(c)(c.phrase, c.patterns, tuple(() for _ in c.patterns)) for c in matcher._compiled)
    return unfiltered.find_flags(text, include_quoted=include_quoted)


@pytest.mark.parametrize("text", [
    *[e["text"] for e in CORPUS["should_match"]],
    *CORPUS["should_not_match"],
    # Letters that match an ASCII letter case-insensitively though they are not one.
    "She is ſexually active and ſtreetwiſe.", "He is a KID who is STREETWISE.",
    "She is streetwıse and İNVOLVED İN RİSKY BEHAVİOUR.",
])
def test_skipping_patterns_whose_words_are_missing_finds_the_same(matcher, text):
    for quoted in (True, False):
        assert (matcher.find_flags(text, include_quoted=quoted)
                == _every_pattern(matcher, text, quoted))


def test_the_exotic_letters_are_flagged():
    assert [f.phrase_id for f in find_flags("She is streetwıse.")] == ["streetwise"]
    assert [f.phrase_id for f in find_flags("She is STREETWİSE.")] == ["streetwise"]
