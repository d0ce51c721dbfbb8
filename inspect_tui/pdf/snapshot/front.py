"""The front of the report: the cover, the outcome, the previous inspection and
enforcement since, and the setting details (Ofsted's "information about the service")."""

from __future__ import annotations

from ...domain.review import changed_since_approval, display_status
from ...domain.vocab import ACCOMMODATION_CATEGORIES, DISPLAY_STATUSES, INSPECTION_TYPES
from .base import Context, Snap, long_date, long_time


class Cover(Snap):
    provider_name: str
    urn: str
    categories: list[str]
    inspection_type: str
    start_date: str
    end_date: str
    dates: str
    lead_inspector: str
    team: list[str]
    outcome_label: str
    status: str
    status_label: str
    final: bool
    changed_since_approval: str = ""  # the line saying which approval no longer holds


class OutcomeInfo(Snap):
    judgement: str | None = None
    label: str | None = None
    rank: int | None = None
    standard_sentence: str = ""
    next_inspection: str = ""


class History(Snap):
    previous: str          # "12 March 2024: Consistently strong service delivery"
    previous_recorded: bool
    enforcement: str
    enforcement_recorded: bool


class PremisesRow(Snap):
    label: str
    category: str
    local_authority: str
    sampled: bool


class SettingInfo(Snap):
    provider_name: str
    urn: str
    registered_manager: str
    responsible_individual: str
    service: str
    categories: list[str]
    address: str
    premises: list[PremisesRow]


def categories(ctx: Context) -> list[str]:
    return [f"{c}: {ACCOMMODATION_CATEGORIES[c]}" for c in ctx.doc.provider.categories]


def build_cover(ctx: Context, outcome: OutcomeInfo) -> Cover:
    doc = ctx.doc
    changed = changed_since_approval(doc)
    changed_line = "" if changed is None else (
        f"Approved by {changed.by} on {long_time(changed.at)}, but the content has changed "
        f"since that approval (it approved digest {changed.digest[:12]}…): this report is a "
        "DRAFT until a manager approves it again.")
    return Cover(
        provider_name=doc.provider.name, urn=doc.provider.urn, categories=categories(ctx),
        inspection_type=INSPECTION_TYPES.get(doc.type, doc.type),
        start_date=long_date(doc.start_date), end_date=long_date(doc.end_date),
        dates=ctx.dates, lead_inspector=doc.lead_inspector, team=list(doc.team),
        outcome_label=outcome.label or ctx.definition.wording.no_outcome,
        status=doc.status,
        status_label=("Approved" if ctx.final else "Draft") if "review_workflow" in ctx.omit
        else DISPLAY_STATUSES[display_status(doc)], final=ctx.final,
        changed_since_approval=changed_line)


def build_outcome(ctx: Context) -> OutcomeInfo:
    """The outcome in the content's own words, and the next inspection as a window: Ofsted
    gives "within about N months", never a date."""
    judgement = ctx.doc.outcome.judgement
    if not judgement:
        return OutcomeInfo()
    try:
        o = ctx.catalogue.outcome(judgement)
    except KeyError:
        return OutcomeInfo(judgement=judgement, label=judgement)
    return OutcomeInfo(
        judgement=o.id, label=o.label, rank=o.rank, standard_sentence=o.standard_sentence,
        next_inspection=ctx.definition.wording.next_inspection.format(
            months=o.next_inspection_months))


def build_history(ctx: Context) -> History:
    w = ctx.definition.wording
    previous, enforcement = ctx.doc.previous_inspection, ctx.doc.enforcement
    if previous.none:
        previous_text = w.first_inspection
    elif previous.recorded:
        previous_text = f"{long_date(previous.date)}: {previous.outcome}"  # type: ignore[arg-type]
    else:
        previous_text = w.not_recorded
    if enforcement.none:
        enforcement_text = w.no_enforcement
    else:
        enforcement_text = enforcement.actions or w.not_recorded
    return History(previous=previous_text, previous_recorded=previous.recorded,
                   enforcement=enforcement_text, enforcement_recorded=enforcement.recorded)


def build_setting(ctx: Context) -> SettingInfo:
    p, blank = ctx.doc.provider, ctx.definition.wording.not_recorded
    return SettingInfo(
        provider_name=p.name, urn=p.urn, registered_manager=p.registered_manager or blank,
        responsible_individual=p.responsible_individual or blank,
        service=p.service or blank, categories=categories(ctx) or [blank],
        address=p.address or blank,
        premises=[PremisesRow(label=x.label,
                              category=f"{x.category}: {ACCOMMODATION_CATEGORIES[x.category]}",
                              local_authority=x.local_authority, sampled=x.sampled)
                  for x in ctx.doc.premises])
