"""The CSE counts: the numbers that the report's CSE section and the CSE export print.

Built once here, from one inspection (the report) or many (the export), as named counts
with the tables they appear in and the *lines* that tie them (cells that add up to a
total; the young people experiencing exploitation or at heightened risk are two rows of
the classification table). :func:`inspect_tui.domain.disclosure.protect` hides what must
not leave. Pure, no I/O.

Cohorts: *tracked* young people are those with anything recorded on CSE (indicators,
episodes, notifications, classification); *victims* (IICSA's core data set) are the
tracked young people whose classification, chosen or else suggested by the indicators, is
heightened risk or experiencing exploitation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..disclosure import Line, Release, open_release, protect
from ..models import InspectionDocument
from ..vocab import DISABILITY, ETHNICITY_GROUPS, SEXES
from .models import AGE_BANDS, CLASSIFICATIONS, PERPETRATOR_SEXES, REFERRAL_KINDS, YES_NO
from .rules import classification_rule, deadlines_as_of, effective_records, is_override

INCLUDED = ("heightened_risk", "experiencing_exploitation")
AGES = {"15": "15", "16": "16", "17": "17", "18": "18", "not_known": "Not known"}
NOT_RECORDED = "Not known or declined"
ETHNIC_GROUPS = {group if group != "Not recorded" else NOT_RECORDED: group
                 for group in ETHNICITY_GROUPS}
_GROUP_OF = {code: (group if group != "Not recorded" else NOT_RECORDED)
             for group, entries in ETHNICITY_GROUPS.items() for code, _, _ in entries}


@dataclass(frozen=True)
class CountTable:
    """Rows ``(key, label)`` that add up to ``total`` (a key) where there is one."""

    id: str
    title: str
    rows: tuple[tuple[str, str], ...]
    total: str | None = None
    total_label: str = "Total"


@dataclass
class CseCounts:
    values: dict[str, int] = field(default_factory=dict)
    tables: list[CountTable] = field(default_factory=list)
    extra_lines: list[Line] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)   # counts outside any table

    @property
    def lines(self) -> list[Line]:
        lines = [Line(tuple(k for k, _ in t.rows), t.total) for t in self.tables if t.total]
        return lines + self.extra_lines

    def release(self, protected: bool) -> Release:
        """The counts as a copy shows them: all of them, or protected for copies that
        leave the organisation."""
        return protect(self.values, self.lines) if protected else open_release(self.values)

    def table(self, table_id: str) -> CountTable:
        return next(t for t in self.tables if t.id == table_id)


# Counts outside the tables: key -> label.
SINGLE_COUNTS = {
    "unclassified": "Young people tracked whose classification the inspector has not yet "
                    "chosen (the suggestion is counted)",
    "overrides": "Classifications chosen below the one the indicators suggest",
    "harm_without_reg27": "Young people with evidence of harm and no reg 27 notification",
    "episodes": "Missing episodes",
    "episodes_with_adults": "Missing episodes with or collected by adults",
    "rhi_due": "Return home interviews due (not counting those declined)",
    "rhi_on_time": "Return home interviews held within 72 hours of return",
    "rhi_declined": "Return home interviews declined by the young person after a timely "
                    "offer (their right)",
    "reg27_made": "Reg 27 notifications to Ofsted made",
    "reg27_on_time": "Reg 27 notifications within Ofsted's guidance of 24 hours",
    "referrals": "Young people referred (police, accommodating authority or child "
                 "protection enquiry)",
}


def cse_counts(docs: Iterable[InspectionDocument], types: dict[str, str],
               indicator_titles: dict[str, str] | None = None) -> CseCounts:
    """Every CSE count over ``docs``; ``types``: indicator item id -> indicator type."""
    counts = CseCounts()
    values: Counter[str] = Counter()
    indicator_people: Counter[str] = Counter()
    for doc in docs:
        as_of = deadlines_as_of(doc)
        for record in effective_records(doc, types):
            person = doc.young_person(record.young_person_id)
            if person is None:
                continue
            advice = classification_rule(record, types)
            values["tracked"] += 1
            values[f"class.{advice.effective}"] += 1
            values["unclassified"] += record.classification is None
            values["overrides"] += is_override(record, types)
            for item_id in set(record.present()):
                indicator_people[item_id] += 1
            rhi = [e.rhi_outcome(as_of) for e in record.missing_episodes]
            values["episodes"] += len(rhi)
            values["episodes_with_adults"] += sum(e.adults_involved
                                                  for e in record.missing_episodes)
            # A declined interview is neither due nor late: counted on its own.
            values["rhi_due"] += sum(1 for r in rhi if r not in (None, "declined"))
            values["rhi_on_time"] += rhi.count("on_time")
            values["rhi_declined"] += rhi.count("declined")
            reg27 = [x for x in record.notifications_of("reg27_ofsted") if x.made_at]
            values["reg27_made"] += len(reg27)
            values["reg27_on_time"] += sum(1 for x in reg27 if x.within_24h)
            values["harm_without_reg27"] += bool(advice.harm) and not reg27
            values["referrals"] += any(x.made_at for x in record.notifications
                                       if x.kind in REFERRAL_KINDS)
            if advice.effective not in INCLUDED:
                continue
            values["victims"] += 1
            values[f"victims.sex.{person.sex}"] += 1
            values[f"victims.age.{person.age if person.age else 'not_known'}"] += 1
            values[f"victims.ethnic.{_GROUP_OF.get(person.ethnicity, NOT_RECORDED)}"] += 1
            values[f"victims.disability.{person.disability}"] += 1
            data = record.perpetrators
            if not data.empty:
                values["victims.with_perpetrators"] += 1
                values[f"victims.acting.{data.acting_with_others}"] += 1
            for p in data.perpetrators:
                values["perpetrators"] += 1
                values[f"perpetrators.sex.{p.sex}"] += 1
                values[f"perpetrators.age.{p.age_band}"] += 1
                values[f"perpetrators.ethnic.{_GROUP_OF.get(p.ethnicity, NOT_RECORDED)}"] += 1

    def table(table_id: str, title: str, prefix: str, labels: dict[str, str],
              total: str | None, total_label: str = "Total") -> None:
        rows = tuple((f"{prefix}.{k}", label) for k, label in labels.items())
        counts.tables.append(CountTable(table_id, title, rows, total, total_label))

    table("classification", "Young people tracked, by classification", "class",
          CLASSIFICATIONS, "tracked", "Young people tracked")
    table("victims_sex", "Victims by sex", "victims.sex", SEXES, "victims", "Victims")
    table("victims_age", "Victims by age", "victims.age", AGES, "victims", "Victims")
    table("victims_ethnic", "Victims by ethnic group (ONS 2021)", "victims.ethnic",
          {g: g for g in ETHNIC_GROUPS}, "victims", "Victims")
    table("victims_disability", "Victims by disability", "victims.disability", DISABILITY,
          "victims", "Victims")
    table("perpetrators_sex", "Suspected perpetrators by sex", "perpetrators.sex",
          PERPETRATOR_SEXES, "perpetrators", "Suspected perpetrators described")
    table("perpetrators_age", "Suspected perpetrators by age band", "perpetrators.age",
          AGE_BANDS, "perpetrators", "Suspected perpetrators described")
    table("perpetrators_ethnic", "Suspected perpetrators by ethnic group",
          "perpetrators.ethnic", {g: g for g in ETHNIC_GROUPS}, "perpetrators",
          "Suspected perpetrators described")
    table("acting", "Victims whose suspected perpetrators acted with others",
          "victims.acting", YES_NO, "victims.with_perpetrators",
          "Victims with suspected perpetrators recorded")
    titles = indicator_titles or {}
    order = {"vulnerability": 0, "warning_sign": 1, "evidence_of_harm": 2}
    present = sorted(indicator_people, key=lambda i: (order.get(types.get(i, ""), 3),
                                                      titles.get(i, i)))
    counts.tables.append(CountTable(
        "indicators", "Young people with each indicator present",
        tuple((f"indicator.{i}", titles.get(i, i)) for i in present)))
    # The victims are two rows of the classification table.
    counts.extra_lines.append(Line(("class.heightened_risk",
                                    "class.experiencing_exploitation"), "victims"))
    counts.labels = dict(SINGLE_COUNTS)
    keys = {k for t in counts.tables for k, _ in t.rows} | {
        t.total for t in counts.tables if t.total} | set(SINGLE_COUNTS)
    counts.values = {k: values.get(k, 0) for k in sorted(keys)}
    counts.values.update({f"indicator.{i}": n for i, n in indicator_people.items()})
    return counts
