"""The CSE core data set, anonymised, for the organisation's data collection.

IICSA (Feb 2022) asked for CSE data collected apart from other child sexual abuse and broken
down by sex, ethnicity and disability of victim and perpetrator. This module builds that
export from inspection documents. Pure: documents in, plain data out.

What leaves: an inspection reference (the inspection id), the start month, and coded
fields. What never leaves: case codes, names, young-person ids, dates of episodes or
notifications, and any free text (notes, reasons, sources). Victims are numbered V1, V2...
within an inspection in an order unrelated to their case codes. Young people are included
when their classification (chosen, or suggested where none is chosen) is heightened risk
or experiencing exploitation: data minimisation keeps everyone else out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from ..domain.cse.models import CseRecord
from ..domain.cse.rules import classification_rule, effective_records, is_override
from ..domain.models import InspectionDocument, YoungPerson
from ..domain.vocab import ETHNICITY_SSDA903

FORMAT = "inspect-tui CSE core data set"
VERSION = 1
INCLUDED = ("heightened_risk", "experiencing_exploitation")

VICTIM_FIELDS = (
    "age", "sex", "ethnicity", "ethnicity_ssda903", "disability", "accommodation_category",
    "classification", "suggested_classification", "classification_override",
    "vulnerabilities", "warning_signs", "evidence_of_harm",
    "missing_episodes", "missing_with_adults", "return_interviews_within_72h",
    "return_interviews_late",
    "reg27_notified", "reg27_within_24h", "referral_made",
    "perpetrators_number", "perpetrators_acting_with_others",
)
PERPETRATOR_FIELDS = ("perpetrator_sex", "perpetrator_age_band", "perpetrator_ethnicity")
CSV_FIELDS = ("inspection_ref", "inspection_month", "record_type", "victim_ref",
              *VICTIM_FIELDS, *PERPETRATOR_FIELDS)


def _victim(person: YoungPerson, record: CseRecord, types: dict[str, str],
            as_of: datetime) -> dict[str, Any]:
    advice = classification_rule(record, types)
    present = record.present()
    reg27 = [n for n in record.notifications_of("reg27_ofsted") if n.made_at]
    on_time = [e.rhi_on_time(as_of) for e in record.missing_episodes]
    return {
        "age": person.age,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "ethnicity_ssda903": ETHNICITY_SSDA903.get(person.ethnicity),
        "disability": person.disability,
        "accommodation_category": person.category,
        "classification": record.classification,
        "suggested_classification": advice.suggested,
        "classification_override": is_override(record, types),
        "vulnerabilities": sum(types.get(i) == "vulnerability" for i in present),
        "warning_signs": sum(types.get(i) == "warning_sign" for i in present),
        "evidence_of_harm": sum(types.get(i) == "evidence_of_harm" for i in present),
        "missing_episodes": len(record.missing_episodes),
        "missing_with_adults": sum(e.adults_involved for e in record.missing_episodes),
        "return_interviews_within_72h": sum(1 for t in on_time if t is True),
        "return_interviews_late": sum(1 for t in on_time if t is False),
        "reg27_notified": bool(reg27),
        "reg27_within_24h": (all(n.within_24h for n in reg27)
                             if reg27 and all(n.within_24h is not None for n in reg27)
                             else None),
        "referral_made": any(n.made_at for n in record.notifications
                             if n.kind in ("police", "accommodating_authority",
                                           "child_protection_enquiry")),
        "perpetrators_number": record.perpetrators.number,
        "perpetrators_acting_with_others": record.perpetrators.acting_with_others,
        "perpetrators": [{"perpetrator_sex": p.sex, "perpetrator_age_band": p.age_band,
                          "perpetrator_ethnicity": p.ethnicity}
                         for p in record.perpetrators.perpetrators],
    }


def core_data(docs: Iterable[InspectionDocument], types: dict[str, str]) -> dict[str, Any]:
    inspections = []
    for doc in sorted(docs, key=lambda d: (d.start_date, d.id)):
        as_of = datetime.combine(doc.end_date, time.max)
        victims = []
        # Ordered by the random young-person id, never by case code.
        for record in effective_records(doc, types):
            person = doc.young_person(record.young_person_id)
            if person is None:
                continue
            if classification_rule(record, types).effective not in INCLUDED:
                continue
            victims.append(_victim(person, record, types, as_of))
        for n, victim in enumerate(victims, 1):
            victim["victim_ref"] = f"V{n}"
        if victims:
            inspections.append({"inspection_ref": doc.id,
                                "inspection_month": doc.start_date.strftime("%Y-%m"),
                                "victims": victims})
    return {"format": FORMAT, "version": VERSION, "inspections": inspections}


def to_csv(data: dict[str, Any]) -> str:
    """Long format: one ``victim`` row each, then a ``perpetrator`` row per perpetrator."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for inspection in data["inspections"]:
        base = {"inspection_ref": inspection["inspection_ref"],
                "inspection_month": inspection["inspection_month"]}
        for victim in inspection["victims"]:
            row = {k: v for k, v in victim.items() if k in VICTIM_FIELDS}
            writer.writerow({**base, "record_type": "victim", "victim_ref": victim["victim_ref"],
                             **{k: _cell(v) for k, v in row.items()}})
            for perp in victim["perpetrators"]:
                writer.writerow({**base, "record_type": "perpetrator",
                                 "victim_ref": victim["victim_ref"], **perp})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
