"""Large and awkward inspections for the report tests and the report benchmark.

The bundled catalogue has fewer than 300 items, so :func:`large_catalogue` adds synthetic
regulations (copies of real items under new ids) until there are enough.
"""

from __future__ import annotations

from datetime import date, timedelta

from inspect_tui.catalogue import Catalogue
from inspect_tui.domain.models import InspectionDocument

STATUSES = ("met", "partly_met", "not_met", "met", "partly_met")
NOTE = ("Records for {code} show staff noticed the change and acted the same day; the "
        "manager reviewed the plan and the young person said the support helped. ")


def large_catalogue(base: Catalogue, items: int = 300) -> Catalogue:
    regulations = list(base.regulations)
    have = sum(len(r.items) for r in regulations)
    source = [i for r in base.regulations for i in r.items]
    n = 0
    while have < items:
        n += 1
        reg_id = f"synth.r{n}"
        chunk = source[: min(25, items - have)]
        new_items = [i.model_copy(update={"id": f"{reg_id}.i{k}",
                                          "regulation": f"S{n}({k})"})
                     for k, i in enumerate(chunk, 1)]
        regulations.append(base.regulations[-1].model_copy(update={
            "id": reg_id, "regulation": f"S{n}", "title": f"Synthetic standard {n}",
            "group": "other_regulation", "items": new_items}))
        have += len(new_items)
    return Catalogue(edition=base.edition, regulations=tuple(regulations),
                     outcomes=base.outcomes, themes=base.themes, checklists=base.checklists,
                     language=base.language)


def large_document(catalogue: Catalogue, *, findings: int = 300, young_people: int = 40,
                   requirements: int = 30, today: date = date(2026, 11, 27)
                   ) -> InspectionDocument:
    premises = [{"id": f"p{k}", "label": f"Premises {k}", "category": k % 4 + 1,
                 "local_authority": "Westmere"} for k in range(8)]
    people = [{"id": f"y{k}", "case_code": f"LG-{k:04d}", "age": 16 + k % 2,
               "sex": ("female", "male", "not_known")[k % 3], "premises_id": f"p{k % 8}",
               "note": f"Internal note on LG-{k:04d}."} for k in range(young_people)]
    items = [i.id for i in catalogue.items()][:findings]
    rows = []
    for k, item_id in enumerate(items):
        code = f"LG-{k % young_people:04d}"
        rows.append({"item_id": item_id, "status": STATUSES[k % len(STATUSES)],
                     "note": NOTE.format(code=code) * (1 + k % 4),
                     "sources": ["case-records", "staff-interviews"],
                     "premises": [f"p{k % 8}"], "young_people": [f"y{k % young_people}"]})
    actions = [{"id": f"a{k}", "kind": "requirement", "regulation": items[k % len(items)],
                "text": f"Requirement {k}: make sure every young person's plan is reviewed "
                        "after each significant incident, and record what changed.",
                "due_date": (today + timedelta(days=14 + k)).isoformat()}
               for k in range(requirements)]
    actions += [{"id": f"r{k}", "kind": "recommendation", "regulation": items[k],
                 "text": f"Recommendation {k}: improve the quality of key-work records.",
                 "guide_ref": "Guide"} for k in range(10)]
    cse = [i.id for c in catalogue.checklists if c.id == "cse-indicators" for i in c.items]
    checks = [{"item_id": cse[k % len(cse)], "subject": f"y{k % young_people}",
               "answer": "yes" if k % 3 else "no", "note": f"Indicator note {k}."}
              for k in range(80)] if cse else []
    data = {
        "id": "large0000001", "content_edition": catalogue.edition_id, "type": "full",
        "start_date": (today - timedelta(days=3)).isoformat(),
        "end_date": (today - timedelta(days=1)).isoformat(),
        "lead_inspector": "Nguyễn Thị Lan", "team": ["Łukasz Zieliński", "Zoë Brontë"],
        "provider": {"name": "Large Provider Ltd", "urn": "2999977", "categories": [1, 2, 3]},
        "premises": premises, "young_people": people, "findings": rows, "checks": checks,
        "actions": actions,
        "outcome": {"judgement": "inconsistent",
                    "rationale": {t.id: "Evaluation text. " * 40
                                  for t in catalogue.themes.themes}},
    }
    fields = InspectionDocument.model_fields
    data = {k: v for k, v in data.items() if k in fields}
    return InspectionDocument.model_validate(data)


def with_doc(doc: InspectionDocument, **changes) -> InspectionDocument:
    return InspectionDocument.model_validate({**doc.model_dump(mode="json"), **changes})


__all__ = ["large_catalogue", "large_document", "with_doc"]
