"""No hidden count in a copy that leaves can be worked out from the visible ones.

The audit here is the reader's, written apart from the code it checks
(``domain/disclosure.py`` searches integer assignments; this solves the linear system
exactly and tries the interval attacks by hand): it reads the provider copy's CSE tables
as printed, writes down every relation a reader knows (each table's rows add up to its
total; tables with the same total share it; "at heightened risk" and "experiencing" add up
to the victims), and fails if a hidden cell follows from them.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_tui.catalogue import default_catalogue
from inspect_tui.domain.disclosure import Line, exposed, protect
from inspect_tui.domain.models import InspectionDocument
from inspect_tui.domain.vocab import ETHNICITIES
from inspect_tui.pdf.definition import default_definition
from inspect_tui.pdf.snapshot import build_snapshot

HIDDEN = "*"


# --- the reader's audit ----------------------------------------------------------------------

def relations(cse) -> tuple[list[tuple[list[str], int]], dict[str, int | None]]:
    """Equations ``sum(±var) = constant`` over hidden cells, from the printed tables."""
    cells: dict[str, int | None] = {}
    equations: list[list[tuple[str, int]]] = []

    def var(name: str, text: str) -> str:
        value = None if text == HIDDEN else int(text)
        assert cells.get(name, value) == value, f"{name} printed two ways"
        cells[name] = value
        return name

    tables = [cse.classification, *cse.core_tables]
    for table in tables:
        if table.total is None:
            continue
        total = var(f"total:{table.total.label}", table.total.count)
        if table.withheld:
            assert not table.rows
            continue
        rows = [var(f"{table.title}:{r.label}", r.count) for r in table.rows]
        equations.append([(r, 1) for r in rows] + [(total, -1)])
    rows = {r.label: r.count for r in cse.classification.rows}
    if rows:
        hr = var(f"{cse.classification.title}:At heightened risk", rows["At heightened risk"])
        ee_label = "Experiencing or has experienced sexual exploitation"
        ee = var(f"{cse.classification.title}:{ee_label}", rows[ee_label])
        equations.append([(hr, 1), (ee, 1), ("total:Victims", -1)])
    out = []
    for terms in equations:
        constant = -sum(s * cells[k] for k, s in terms if cells[k] is not None)
        unknown = [(k, s) for k, s in terms if cells[k] is None]
        if unknown:
            out.append((unknown, constant))
    return out, cells


def linearly_determined(equations: list[tuple[list[tuple[str, int]], int]]) -> set[str]:
    """Hidden cells whose value follows from the equations alone (totals, complements,
    sums across tables): exact Gaussian elimination over the rationals."""
    names = sorted({k for terms, _ in equations for k, _ in terms})
    rows = [[Fraction(0)] * len(names) + [Fraction(c)] for _, c in equations]
    for row, (terms, _) in zip(rows, equations, strict=True):
        for k, s in terms:
            row[names.index(k)] += s
    pivots: list[int] = []
    r = 0
    for col in range(len(names)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [x / rows[r][col] for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                rows[i] = [a - rows[i][col] * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(col)
        r += 1
    determined = set()
    for i, col in enumerate(pivots):
        if all(rows[i][j] == 0 for j in range(len(names)) if j != col):
            determined.add(names[col])
    return determined


def interval_leaks(equations) -> set[str]:
    """A line whose hidden cells must each be 1 (their sum is their number: every * is at
    least 1), or, for a reader who takes every * as 1 to 4, each be 4 (checked on a line
    tied to no other, where that reading cannot be contradicted)."""
    leaks = set()
    seen: dict[str, int] = {}
    for terms, _ in equations:
        for k, _ in terms:
            seen[k] = seen.get(k, 0) + 1
    for terms, constant in equations:
        if not all(s == 1 for _, s in terms):
            continue
        alone = all(seen[k] == 1 for k, _ in terms)
        if constant == len(terms) or (alone and constant == 4 * len(terms)):
            leaks |= {k for k, _ in terms}
    return leaks


def audit(cse) -> set[str]:
    equations, _ = relations(cse)
    return linearly_determined(equations) | interval_leaks(equations)


# --- the rule itself -------------------------------------------------------------------------

def test_the_leaks_named_in_the_issue_are_closed():
    # "Female * / Male 0 / Other 0" beside a total of 3
    release = protect({"f": 3, "m": 0, "o": 0, "t": 3}, [Line(("f", "m", "o"), "t")])
    assert {"f", "t"} <= release.hidden
    # one small cell beside a visible total: a second cell is hidden with it
    release = protect({"f": 6, "m": 3, "o": 0, "t": 9}, [Line(("f", "m", "o"), "t")])
    assert release.hidden == {"f", "m"}
    # two hidden cells that can only be 1 and 1
    release = protect({"f": 5, "m": 1, "o": 1, "t": 7}, [Line(("f", "m", "o"), "t")])
    assert release.hidden == {"f", "m", "o"}
    # two hidden cells that can only be 4 and 4 to a reader who takes * as 1 to 4
    release = protect({"f": 5, "m": 4, "o": 4, "t": 13}, [Line(("f", "m", "o"), "t")])
    assert release.hidden == {"f", "m", "o"}


def test_a_total_shared_by_two_tables_is_not_a_way_round():
    values = {"f": 5, "m": 2, "v": 7, "a16": 7, "a17": 0}
    lines = [Line(("f", "m"), "v"), Line(("a16", "a17"), "v")]
    release = protect(values, lines)
    assert "m" in release.hidden and exposed(values, lines, release.hidden) == []


def test_zero_and_large_counts_are_shown():
    release = protect({"a": 0, "b": 12, "t": 12}, [Line(("a", "b"), "t")])
    assert release.hidden == frozenset() and release.text("b") == "12"


def test_exposed_finds_a_complement():
    values = {"f": 3, "m": 6, "t": 9}
    assert exposed(values, [Line(("f", "m"), "t")], {"f"}) == ["f"]


# --- random cohorts through the real provider copy ------------------------------------------

SEXES = ["female", "male", "other", "not_known"]
DISABILITY = ["yes", "no", "not_known"]
CLASSES = ["no_known_concerns", "heightened_risk", "experiencing_exploitation"]
ETHNIC = sorted(ETHNICITIES)

person = st.fixed_dictionaries({
    "sex": st.sampled_from(SEXES), "age": st.sampled_from([None, 15, 16, 17, 18]),
    "ethnicity": st.sampled_from(ETHNIC), "disability": st.sampled_from(DISABILITY),
    "classification": st.sampled_from(CLASSES),
    "perpetrators": st.lists(st.tuples(st.sampled_from(["male", "female", "not_known"]),
                                       st.sampled_from(["18_to_24", "25_to_34", "not_known"])),
                             max_size=2),
})


def cohort_document(people: list[dict]) -> InspectionDocument:
    young_people, cse = [], []
    for n, p in enumerate(people):
        yp = f"yp{n:03d}"
        young_people.append({"id": yp, "case_code": f"T-{n:04d}", "age": p["age"],
                             "sex": p["sex"], "ethnicity": p["ethnicity"],
                             "disability": p["disability"]})
        perps = [{"id": f"p{i}", "sex": s, "age_band": a}
                 for i, (s, a) in enumerate(p["perpetrators"])]
        cse.append({"young_person_id": yp, "classification": p["classification"],
                    "perpetrators": {"perpetrators": perps} if perps else {}})
    return InspectionDocument.model_validate({
        "id": "cohort", "content_edition": "sa-2023.1", "type": "full",
        "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 3),
        "lead_inspector": "Test Inspector", "provider": {"name": "Test", "urn": "1234567"},
        "young_people": young_people, "cse": cse})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(person, max_size=16))
def test_no_hidden_count_in_the_provider_copy_can_be_recovered(people):
    doc = cohort_document(people)
    snapshot = build_snapshot(doc, default_catalogue(), default_definition(), audience="provider",
                              invariant=True)
    cse = snapshot.cse
    equations, cells = relations(cse)
    leaks = audit(cse)
    assert not leaks, f"recoverable from the visible counts: {sorted(leaks)}"
    # every count from 1 to 4 printed anywhere in the CSE section is hidden
    printed = [r.count for t in (cse.classification, cse.indicator_counts, *cse.core_tables)
               for r in [*t.rows, *([t.total] if t.total else [])]] + list(cse.counts.values())
    printed.append(cse.tracked)
    assert not [c for c in printed if c != HIDDEN and 1 <= int(c) <= 4]
    assert snapshot.about.young_people in (HIDDEN, str(len(people))) and (
        len(people) not in range(1, 5) or snapshot.about.young_people == HIDDEN)
    # and nothing is listed one by one
    assert not (cse.young_people or cse.people or cse.indicators or cse.notifications)
    for p in doc.young_people:
        assert p.case_code not in snapshot.model_dump_json()


def test_the_audit_catches_the_old_provider_copy():
    """What the provider copy printed before: the audit must see through it."""
    from types import SimpleNamespace

    from inspect_tui.pdf.snapshot.cse import CountRow, CountTableView

    def table(title, rows, total):
        return CountTableView(title=title, rows=[CountRow(label=k, count=v) for k, v in rows],
                              total=CountRow(label=total[0], count=total[1]))

    old = SimpleNamespace(
        classification=table("Classification", [("No known concerns", "0"),
                                                ("At heightened risk", "3"),
                                                ("Experiencing or has experienced sexual "
                                                 "exploitation", "0")],
                             ("Young people tracked", "3")),
        core_tables=[table("Victims by sex", [("Female", "*"), ("Male", "0"), ("Other", "0")],
                           ("Victims", "3"))])
    assert audit(old) == {"Victims by sex:Female"}


# --- the CSE export, over several inspections ---------------------------------------------

def export_view(data: dict):
    """The export's tables as the reader's audit reads a copy's: each table's rows and
    total as printed (a hidden total's rows are all "*", and stay in the equations)."""
    from types import SimpleNamespace

    def view(table: dict):
        rows = [SimpleNamespace(label=k, count=str(v)) for k, v in table["rows"].items()]
        total = None
        if table.get("total"):
            [(label, count)] = table["total"].items()
            total = SimpleNamespace(label=label, count=str(count))
        return SimpleNamespace(title=table["title"], rows=rows, total=total, withheld=False)

    tables = data["tables"]
    return SimpleNamespace(classification=view(tables["classification"]),
                           core_tables=[view(t) for key, t in tables.items()
                                        if key not in ("classification", "indicators")])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(person, max_size=8), min_size=1, max_size=4))
def test_no_hidden_count_in_the_cse_export_can_be_recovered(settings_people):
    from inspect_tui.domain.cse.checks import indicator_types
    from inspect_tui.service.cse_export import core_data

    docs = []
    for n, people in enumerate(settings_people):
        doc = cohort_document(people)
        docs.append(doc.model_copy(update={"id": f"cohort{n}"}))
    data = core_data(docs, indicator_types(default_catalogue()))
    leaks = audit(export_view(data))
    assert not leaks, f"recoverable from the export's visible counts: {sorted(leaks)}"
    printed = [c for t in data["tables"].values()
               for c in [*t["rows"].values(), *t.get("total", {}).values()]]
    printed += list(data["counts"].values())
    assert not [c for c in printed if c != HIDDEN and 1 <= int(c) <= 4], "cells below 5"
    text = str(data)
    for doc in docs:
        assert doc.id not in text, "the internal inspection id never leaves"
        for p in doc.young_people:
            assert p.case_code not in text


def test_the_export_audit_sees_a_recoverable_cell():
    """The audit is not blind to the export's layout: the old leak, in export form."""
    data = {"tables": {
        "classification": {"title": "Young people tracked, by classification",
                           "rows": {"No known concerns": 0, "At heightened risk": 3,
                                    "Experiencing or has experienced sexual exploitation": 0},
                           "total": {"Young people tracked": 3}},
        "victims_sex": {"title": "Victims by sex", "rows": {"Female": "*", "Male": 0},
                        "total": {"Victims": 3}}}}
    assert audit(export_view(data)) == {"Victims by sex:Female"}
