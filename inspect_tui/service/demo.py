"""A realistic, clearly fictional demo inspection for newcomers to open and try.

Every name here is invented. Young people are recorded by case code only, as in real use.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from ..domain.time import later
from ..domain.time import today as england_today
from .facade import Service

PROVIDER = {"name": "Larkfield Lane Support Ltd (FICTIONAL DEMO)", "urn": "2999901",
            "categories": [1, 2, 4],
            "registered_manager": "Priya Marsh (demo manager)",
            "responsible_individual": "Declan Hale (demo responsible individual)",
            "service": "Supported accommodation for up to eight 16- and 17-year-olds in care "
                       "and care leavers, in a shared house, a self-contained flat and "
                       "supported lodgings, with support from key workers.",
            "address": "Westmere and Eastbrook (area served; demo)"}
# The provider's first inspection under SI 2023/416, as most are in 2025-26.
PREVIOUS_INSPECTION = {"none": True}
ENFORCEMENT = {"none": True}
PREMISES = [
    {"label": "Canal Court, flat 2 (demo)", "category": 1, "local_authority": "Westmere"},
    {"label": "Orchard House (demo)", "category": 2, "local_authority": "Westmere"},
    {"label": "Supported lodgings host A (demo)", "category": 4,
     "local_authority": "Eastbrook"},
]
YOUNG_PEOPLE = [
    # case code, age, sex, ethnicity, disability, legal status, premises index, months placed
    ("LL-0417", 17, "female", "white-british", "no", "looked_after", 1, 7),
    ("LL-0422", 16, "male", "black-african", "not_known", "looked_after", 1, 3),
    ("LL-0431", 17, "male", "asian-pakistani", "no", "relevant_child", 0, 11),
    ("LL-0436", 16, "female", "mixed-white-black-caribbean", "yes", "looked_after", 1, 2),
    ("LL-0440", 17, "female", "white-gypsy-irish-traveller", "no", "relevant_child", 2, 9),
    ("LL-0452", 16, "male", "white-other", "not_known", "looked_after", 0, 1),
]

# item id -> (status, evidence note, evidence sources)
FINDINGS: dict[str, tuple[str, str, list[str]]] = {
    "sa2023.r4.2.a": ("met", "The statement of purpose was reviewed in June and matches "
                      "practice seen at Orchard House and Canal Court.",
                      ["statement-of-purpose", "staff-interviews"]),
    "sa2023.r4.2.b": ("met", "Handover records show staff share information between shifts; "
                      "two staff described the same plan for LL-0436 consistently.",
                      ["staff-interviews", "case-records"]),
    "sa2023.r4.2.c": ("partly_met", "Four of six support workers hold a relevant level 3 "
                      "qualification; two new starters have no plan to gain one.",
                      ["staff-files", "training-records"]),
    "sa2023.r4.2.d": ("met", "Rotas for the last four weeks show the planned staffing "
                      "was met at Orchard House, including waking night cover.",
                      ["rota"]),
    "sa2023.r4.2.e": ("not_met", "Two of five staff files sampled had no enhanced DBS "
                      "certificate dated before the start date; one had a single reference "
                      "and an unexplained two-year gap in employment.",
                      ["staff-files"]),
    "sa2023.r4.2.f": ("met", "Referral records show the manager declined one referral "
                      "where the location was unsuitable, with reasons recorded.",
                      ["case-records", "staff-interviews"]),
    "sa2023.r5.1": ("partly_met", "Young people spoken with said they feel safe at Orchard "
                    "House; the response to exploitation concerns for one child was slow.",
                    ["conversations-with-young-people", "case-records"]),
    "sa2023.r5.2.a.i": ("partly_met", "Staff responded well to most incidents; for LL-0417 "
                        "the response to repeated missing episodes was delayed.",
                        ["incident-records", "missing-records"]),
    "sa2023.r5.2.a.iv": ("met", "An on-call manager rota gives 24-hour access to help; two "
                         "young people knew how to use it.",
                         ["rota", "conversations-with-young-people"]),
    "sa2023.r5.2.b": ("met", "The child protection policy is current and reflects local "
                      "safeguarding partnership procedures.", ["policies"]),
    "sa2023.r5.2.f.ii": ("not_met", "LL-0417 went missing four times in six weeks and was "
                         "twice collected by an adult man in a car. Records describe her as "
                         "\"putting herself at risk\" only; no referral to the local "
                         "authority or notification to Ofsted was made. This is "
                         "exploitation and needed a response.",
                         ["case-records", "missing-records", "notifications-log"]),
    "sa2023.r5.2.f.v": ("met", "Key-work sessions show staff helping young people think "
                        "about safe friendships and family contact.",
                        ["case-records", "conversations-with-young-people"]),
    "sa2023.r6.2.a.i": ("met", "A location assessment exists for each of the three premises, "
                        "with police and the local authority consulted.",
                        ["location-assessment"]),
    "sa2023.r6.2.a.ii": ("not_met", "The Canal Court location assessment was last reviewed "
                         "more than a year ago; it has not been repeated in this calendar "
                         "year.", ["location-assessment"]),
    "sa2023.r6.2.b.vi": ("partly_met", "Orchard House is clean and secure; a broken window "
                         "lock in bedroom 3 had been reported three weeks earlier and not "
                         "repaired.", ["premises-walk-round"]),
    "sa2023.r6.2.b.vii": ("met", "Bedrooms are personalised; doors lock from inside at the "
                          "shared premises.", ["premises-walk-round"]),
    "sa2023.r7.2.a": ("met", "Young people chair part of their own review meetings; the "
                      "house meeting minutes show their ideas acted on.",
                      ["case-records", "conversations-with-young-people"]),
    "sa2023.r7.2.b": ("met", "Support plans are written with the young person and reflect "
                      "the referral information.", ["support-plans"]),
    "sa2023.r7.2.c": ("partly_met", "Support plans for two young people had not been updated "
                      "after significant incidents.", ["support-plans", "incident-records"]),
}

RATIONALE = {
    "experiences-and-progress":
        "Most young people make steady progress in education and independence skills and "
        "speak warmly of their key workers. Support plans are written with them.",
    "help-and-protection":
        "Staff know the young people well, but the response to signs of exploitation for one "
        "child was too slow: repeated missing episodes with an adult were not recognised as "
        "exploitation, and no notification or referral was made.",
    "leaders-and-managers":
        "Leaders have a clear ethos, but recruitment checks were not completed before two "
        "staff started work, and a location assessment is overdue.",
}


# CSE tracking, recorded honestly, with realistic gaps for the review list to find.
# LL-0417 went missing with and was collected by an adult: evidence of harm. The provider
# made no reg 27 notification and no referral; the inspector has not yet written how the
# placement manages the risk; one return home interview was late and one never held.
# (indicator id, answer, days before the start when the provider noted it, source)
CSE_INDICATORS: dict[str, list[tuple[str, str, int | None, str]]] = {
    "LL-0417": [
        ("cse.vuln.in-care", "present", None, "case-records"),
        ("cse.vuln.prior-abuse", "not_known", None, ""),
        ("cse.sign.going-missing", "present", 40, "missing-records"),
        ("cse.sign.picked-up-by-cars", "present", 30, "missing-records"),
        ("cse.sign.unexplained-gifts", "present", 25, "staff-interviews"),
        ("cse.harm.missing-with-adults", "present", 30, "missing-records"),
        ("cse.harm.repeat-sti", "not_known", None, ""),
    ],
    "LL-0436": [
        ("cse.vuln.in-care", "present", None, "case-records"),
        ("cse.vuln.disability", "present", None, "case-records"),
        ("cse.sign.sexual-bullying-online", "present", 20, "case-records"),
        ("cse.sign.unexplained-gifts", "not_present", None, "staff-interviews"),
    ],
    "LL-0422": [
        ("cse.vuln.in-care", "present", None, "case-records"),
        ("cse.sign.going-missing", "not_present", None, "missing-records"),
    ],
}
# (days before start, missing hour, hours missing, with adults, collected by adults,
#  police informed, interview offered after h, interview held after h)
LL0417_EPISODES = [
    (40, 21, 10, "not_known", "no", "yes", 20, 44),
    (30, 22, 11, "no", "yes", "yes", 24, 120),
    (21, 20, 17, "not_known", "not_known", "yes", 30, None),
    (12, 23, 7, "no", "yes", "no", 10, 50),
]
CSE_CLASSIFICATION = {"LL-0417": "experiencing_exploitation", "LL-0436": "heightened_risk",
                      "LL-0422": "no_known_concerns"}
# A warning sign is never by itself a reason for "at heightened risk": the inspector says why.
CSE_REASONS = {
    "LL-0436": "The online bullying is by peers at college and was reported by the college; "
               "her phone and the records show no adult contacting her for sex and no gifts. "
               "Staff are finding out the age of the person she met online.",
}
RISK_NOTES = {
    "LL-0436": "Key worker goes through online safety with her each week and she knows how "
               "to block and report. She talks about a boyfriend she met online; staff do "
               "not yet know his age and have asked her social worker to find out.",
}


def _add_cse(service: Service, iid: str, people: dict[str, str], start: date) -> None:
    for code, answers in CSE_INDICATORS.items():
        for item_id, answer, days, source in answers:
            noted = start - timedelta(days=days) if days is not None else None
            service.cse.set_indicator(iid, people[code], item_id, answer=answer,
                              noted_on=noted, source=source)
    # Wall-clock times on the day, then real hours on (the demo may span a clock change).
    def at(days: int, hour: float) -> datetime:
        return datetime.combine(start - timedelta(days=days), time(int(hour), int(hour % 1 * 60)))

    for days, hour, hours, with_adults, collected, police, offered, held in LL0417_EPISODES:
        went = at(days, hour)
        back = later(went, timedelta(hours=hours))
        service.cse.add_missing_episode(
            iid, people["LL-0417"], went_missing_at=went, returned_at=back,
            with_adults=with_adults, collected_by_adults=collected, police_informed=police,
            rhi_offered_at=later(back, timedelta(hours=offered)),
            rhi_held_at=later(back, timedelta(hours=held)) if held is not None else None)
    service.cse.add_notification(iid, people["LL-0436"], kind="accommodating_authority",
                                 event_at=at(20, 16), made_at=at(20, 17.5))
    for code, classification in CSE_CLASSIFICATION.items():
        service.cse.set_classification(iid, people[code], classification,
                                       override_reason=CSE_REASONS.get(code))
    for code, note in RISK_NOTES.items():
        service.cse.update_record(iid, people[code], risk_management_note=note)
    service.cse.set_perpetrator_data(iid, people["LL-0417"], number=1)
    service.cse.add_perpetrator(iid, people["LL-0417"], sex="male", age_band="25_to_34")


def create_demo(service: Service, today: date | None = None) -> str:
    today = today or england_today()
    start = today - timedelta(days=9)
    iid = service.create_inspection(
        provider=PROVIDER, type="full", start_date=start, end_date=start + timedelta(days=1),
        lead_inspector="Sam Okafor (demo inspector)", team=["Jo Lindqvist (demo inspector)"],
        premises=PREMISES, previous_inspection=PREVIOUS_INSPECTION, enforcement=ENFORCEMENT)
    doc = service.load(iid)
    premises = {p.label: p.id for p in doc.premises}
    premises_ids = [premises[p["label"]] for p in PREMISES]
    people: dict[str, str] = {}
    for code, age, sex, ethnicity, disability, legal, where, months in YOUNG_PEOPLE:
        people[code] = service.add(
            iid, "young_person", case_code=code, age=age, sex=sex, ethnicity=ethnicity,
            disability=disability, legal_status=legal, category=PREMISES[where]["category"],
            premises_id=premises_ids[where],
            placement_start=today - timedelta(days=30 * months))
    for item_id, (status, note, sources) in FINDINGS.items():
        linked_people = [pid for code, pid in people.items() if code in note]
        linked_premises = [pid for label, pid in premises.items()
                           if label.split(" (")[0].split(",")[0] in note]
        service.set_finding(iid, item_id, status=status, note=note, sources=sources,
                            young_people=linked_people, premises=linked_premises)
    service.add_requirement(
        iid, "sa2023.r4.2.e",
        "Complete an enhanced DBS check with a barred-list check, two references and an "
        "explained employment history for every member of staff before they start work.",
        today + timedelta(days=28), today=today)
    service.add_requirement(
        iid, "sa2023.r5.2.f.ii",
        "Make sure staff recognise and act on signs that a child is being exploited: record "
        "exploitation as harm, notify Ofsted under regulation 27 and refer to the local "
        "authority without delay.", today + timedelta(days=14), today=today)
    service.add_recommendation(
        iid, "sa2023.r6.2.a.ii",
        "Review the location assessment of each premises at least once in every calendar "
        "year, and record who was consulted.", "Guide: location assessments")
    service.add_recommendation(
        iid, "sa2023.r7.2.c",
        "Update each young person's support plan promptly after a significant incident.",
        "Guide: support planning")
    _add_cse(service, iid, people, start)
    service.set_outcome(iid, "inconsistent")
    for theme, text in RATIONALE.items():
        service.set_rationale(iid, theme, text)
    return iid
