"""The pure rules: who may hold an inspection, and what counts as a redaction."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspect_tui.domain.membership import Members, may_access, with_member, without_member
from inspect_tui.domain.redaction import (
    MARKER,
    find_problem,
    is_redaction_of,
    redact_value,
)

M = Members(creator="Sam Okafor", lead_inspector="Sam Okafor", team=("Jo  Adeyemi",),
            reviewers=("Mo Manager",))


def test_members_and_managers():
    assert may_access("sam okafor", "inspector", M)
    assert may_access("Jo Adeyemi", "inspector", M), "spaces and case do not matter"
    assert not may_access("Ann Other", "inspector", M)
    assert may_access("Ann Boss", "manager", M), "a manager with no team sees all"
    assert may_access("Ann Boss", "manager", M, frozenset({"jo adeyemi"}))
    assert not may_access("Ann Boss", "manager", M, frozenset({"kim lee"}))
    assert may_access("Mo Manager", "manager", M, frozenset()), "a reviewer is a member"
    team, reviewers = with_member(M, "Kim Lee", "inspector")
    assert team == ["Jo  Adeyemi", "Kim Lee"] and reviewers == ["Mo Manager"]
    assert without_member(M, "jo adeyemi") == ([], ["Mo Manager"])


def test_a_redaction_only_erases():
    value = {"note": "Met Jane Smith; jane smith agreed", "n": 3}
    new, count = redact_value(value, "Jane Smith")
    assert count == 2 and new == {"note": f"Met {MARKER}; {MARKER} agreed", "n": 3}
    assert is_redaction_of(value, new)
    assert not is_redaction_of(value, {"note": f"Met {MARKER}; {MARKER} refused", "n": 3})
    assert not is_redaction_of(value, {"note": new["note"], "n": 4})
    assert not is_redaction_of("met", "not_met")
    assert is_redaction_of("met", MARKER)
    assert find_problem("a") and find_problem("dact") and find_problem("Jane") is None


ASCII = st.characters(min_codepoint=32, max_codepoint=126)


@given(st.text(ASCII, min_size=0, max_size=40), st.text(ASCII, min_size=2, max_size=6))
def test_what_redact_value_makes_passes_the_hub(text, find):
    if find_problem(find):
        return
    new, count = redact_value(text, find)
    assert is_redaction_of(text, new)
    assert (count > 0) == (find.strip().lower() in text.lower())
