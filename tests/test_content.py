"""Content lint: every file valid, ids unique, references resolve; the schema has not drifted."""

from __future__ import annotations

import re

from inspect_tui.paths import checklists_dir, standards_dir
from inspect_tui.service import schemas

QUALITY_STANDARD_ITEMS = (
    [f"sa2023.r4.2.{x}" for x in "abcdef"]
    + [f"sa2023.r5.2.a.{x}" for x in ("i", "ii", "iii", "iv")]
    + [f"sa2023.r5.2.{x}" for x in "bcde"]
    + [f"sa2023.r5.2.f.{x}" for x in ("i", "ii", "iii", "iv", "v", "vi")]
    + ["sa2023.r6.2.a.i", "sa2023.r6.2.a.ii"]
    + [f"sa2023.r6.2.b.{x}" for x in ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii")]
    + [f"sa2023.r7.2.{x}" for x in "abcde"]
)
OTHER_REGULATIONS = [9, 10, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32]


def test_every_paragraph_2_item_is_its_own_item(catalogue):
    for item_id in QUALITY_STANDARD_ITEMS:
        assert catalogue.has_item(item_id), item_id


def test_other_regulations_present(catalogue):
    for number in OTHER_REGULATIONS:
        reg = catalogue.regulation(f"sa2023.r{number}")
        assert reg.group == "other_regulation" and reg.items


def test_items_have_prompts_sources_and_provenance(catalogue):
    for item in catalogue.items():
        assert item.prompts.look_for and item.prompts.good_looks_like and item.prompts.worries, \
            item.id
        assert item.provenance.source
        if not item.provenance.verified:
            assert item.provenance.note, f"{item.id}: unverified items say why"
        assert re.match(r"^\d+(\(\w+\))*$", item.regulation), item.regulation


def test_unconfirmed_facts_are_marked_unverified(catalogue):
    # The domain reference marks reg 7(2)(f) onwards and reg 6(2)(b)(ix) onwards as [?].
    later = [i for i in catalogue.items()
             if i.id.startswith("sa2023.r7.2.") and i.id not in QUALITY_STANDARD_ITEMS
             and i.id != "sa2023.r7.1"]
    assert later and all(not i.provenance.verified for i in later)
    assert catalogue.item("sa2023.r5.2.f.ii").provenance.verified


def test_outcome_scale_is_the_three_outcomes(catalogue):
    outcomes = catalogue.outcomes.outcomes
    assert [o.next_inspection_months for o in outcomes] == [36, 18, 6]
    assert all(o.standard_sentence for o in outcomes)


def test_cse_indicators_typed(catalogue):
    checklist = catalogue.checklist("cse-indicators")
    types = {i.indicator_type for i in checklist.items}
    assert types == {"vulnerability", "warning_sign", "evidence_of_harm"}
    harm = " ".join(i.title.lower() for i in checklist.items
                    if i.indicator_type == "evidence_of_harm")
    for sign in ("sexually transmitted", "pregnan", "missing"):
        assert sign in harm


def test_every_content_file_carries_edition_and_schema_version():
    for folder in (standards_dir() / "sa-2023", checklists_dir()):
        for path in folder.glob("*.yaml"):
            head = path.read_text()
            assert "schema_version: 1" in head and "edition:" in head, path


def test_committed_schemas_match_the_models():
    for what in ("content", "inspection"):
        committed = (schemas.SCHEMA_DIR / f"{what}.schema.json").read_text()
        assert committed == schemas.render(what), (
            f"schemas/{what}.schema.json is stale: run python -m inspect_tui.service.schemas")
