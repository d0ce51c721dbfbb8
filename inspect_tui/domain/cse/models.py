"""Child sexual exploitation: what the inspector records per young person.

Pure pydantic, no I/O. One :class:`CseRecord` per tracked young person holds the answers to
the ``cse-indicators`` checklist, missing episodes, notifications and referrals, the
classification and the placement risk-management note. The core data set about suspected
perpetrators (:class:`PerpetratorData`) sits in its own part of the record and its own
entities in the event log, so it can be exported apart from everything else. The rules
over these records are in :mod:`.rules` and :mod:`.checks`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from ..time import elapsed, instant, parse_date, parse_recorded
from ..vocab import ETHNICITIES, SEXES

IndicatorAnswer = Literal["present", "not_present", "not_known"]
Classification = Literal["no_known_concerns", "heightened_risk", "experiencing_exploitation"]
YesNo = Literal["yes", "no", "not_known"]
RhiOutcome = Literal["on_time", "late", "declined", "not_held", "not_offered"]
NotificationKind = Literal["reg27_ofsted", "police", "accommodating_authority",
                           "child_protection_enquiry", "lado", "dbs"]
PerpetratorSex = Literal["male", "female", "other", "not_known"]
AgeBand = Literal["under_18", "18_to_24", "25_to_34", "35_to_44", "45_plus", "not_known"]

INDICATOR_ANSWERS = {"present": "Present", "not_present": "Not present",
                     "not_known": "Not known"}
CLASSIFICATIONS = {
    "no_known_concerns": "No known concerns",
    "heightened_risk": "At heightened risk",
    "experiencing_exploitation": "Experiencing or has experienced sexual exploitation",
}
CLASSIFICATION_RANK = {"no_known_concerns": 0, "heightened_risk": 1,
                       "experiencing_exploitation": 2}
YES_NO = {"yes": "Yes", "no": "No", "not_known": "Not known"}
NOTIFICATION_KINDS = {
    "reg27_ofsted": "Reg 27 notification to Ofsted",
    "police": "Police",
    "accommodating_authority": "Accommodating authority",
    "child_protection_enquiry": "Child protection enquiry",
    "lado": "LADO",
    "dbs": "DBS referral",
}
# A referral that brings a safeguarding response for the child (LADO and DBS concern staff).
REFERRAL_KINDS = ("police", "accommodating_authority", "child_protection_enquiry")
# The recording standard's own labels (vocab.SEXES), with male first: most suspected
# perpetrators recorded are men, so the usual answer is the first offered.
PERPETRATOR_SEXES = {key: SEXES[key] for key in ("male", "female", "other", "not_known")}
AGE_BANDS = {"under_18": "Under 18", "18_to_24": "18 to 24", "25_to_34": "25 to 34",
             "35_to_44": "35 to 44", "45_plus": "45 or over", "not_known": "Not known"}

NOTIFY_WITHIN = timedelta(hours=24)
RHI_WITHIN = timedelta(hours=72)
IICSA_EXPLANATION = (
    "Evidence of harm is recorded. IICSA (2022) found that children who were being abused "
    "were recorded as merely 'at risk', so they did not get the response they needed. "
    "Record this as exploitation, or give the reason it is not.")
SIGNS_EXPLANATION = (
    "Warning signs are recorded. The 2012 checklist's authors describe them as signs "
    "generally seen in children who are already being sexually exploited, so they are "
    "never by themselves a reason to record 'at heightened risk'. Find out whether this "
    "child is being exploited, and give the reason for 'at heightened risk'.")


# --- parsing dates and times typed by a person --------------------------------------------

def _parse_datetime(value: Any, info: ValidationInfo) -> datetime | None:
    """England local time, under the one time policy (:mod:`inspect_tui.domain.time`). A
    value already stored is read even where it falls in a clock change."""
    context = info.context or {}
    kept = context.get("stored") or info.field_name in context.get("unchanged", ())
    return parse_recorded(value, lenient=bool(kept))


LocalDateTime = Annotated[datetime | None, BeforeValidator(_parse_datetime)]
OptDate = Annotated[date | None, BeforeValidator(parse_date)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --- the records --------------------------------------------------------------------------

class IndicatorRecord(_Model):
    """One answer to a ``cse-indicators`` checklist item, keyed by the item id."""

    answer: IndicatorAnswer = "not_known"
    noted_on: OptDate = Field(default=None, description="When the provider first noted it.")
    source: str = Field(default="", max_length=200,
                        description="Where the inspector found it, e.g. an evidence source id.")


class MissingEpisode(_Model):
    id: str
    went_missing_at: LocalDateTime = None
    returned_at: LocalDateTime = None
    with_adults: YesNo = Field(default="not_known", description="Missing with adults.")
    collected_by_adults: YesNo = Field(default="not_known",
                                       description="Collected or returned by adults.")
    police_informed: YesNo = "not_known"
    rhi_offered_at: LocalDateTime = Field(default=None,
                                          description="Return home interview offered.")
    rhi_held_at: LocalDateTime = Field(default=None, description="Return home interview held.")
    rhi_declined: YesNo = Field(default="not_known", description="The young person declined "
                                "the return home interview (they may).")

    @model_validator(mode="after")
    def _in_order(self) -> MissingEpisode:
        if (self.went_missing_at and self.returned_at
                and instant(self.returned_at) < instant(self.went_missing_at)):
            raise ValueError("returned_at: the return is before the young person went missing")
        for name in ("rhi_offered_at", "rhi_held_at"):
            value = getattr(self, name)
            if value and self.returned_at and instant(value) < instant(self.returned_at):
                raise ValueError(f"{name}: the return home interview is before the return")
        return self

    @property
    def adults_involved(self) -> bool:
        return self.with_adults == "yes" or self.collected_by_adults == "yes"

    @property
    def rhi_delay(self) -> timedelta | None:
        """Real time from the return to the interview held (across a clock change)."""
        if self.returned_at is None or self.rhi_held_at is None:
            return None
        return elapsed(self.returned_at, self.rhi_held_at)

    @property
    def rhi_within_72h(self) -> bool | None:
        """True/False once held (or overdue can be judged by the caller); None if unknown."""
        delay = self.rhi_delay
        return None if delay is None else delay <= RHI_WITHIN

    def rhi_outcome(self, as_of: datetime) -> RhiOutcome | None:
        """How the return home interview stands at ``as_of`` (see
        :func:`.rules.deadlines_as_of`): ``on_time``; ``late`` (held, or offered, more than 72
        hours after the return); ``declined`` (the young person declined an offer that was
        not late: their right, not a failing); ``not_held`` (offered, neither held nor
        declined); ``not_offered``; None while the 72 hours run, or with no return."""
        back = self.returned_at
        if back is None:
            return None
        if self.rhi_held_at is not None:
            return "on_time" if self.rhi_within_72h else "late"
        offered = self.rhi_offered_at
        if offered is not None and elapsed(back, offered) > RHI_WITHIN:
            return "late"
        if self.rhi_declined == "yes":
            return "declined"
        if elapsed(back, as_of) <= RHI_WITHIN:
            return None
        return "not_held" if offered is not None else "not_offered"

    def rhi_on_time(self, as_of: datetime) -> bool | None:
        """On time, late, or None while the 72 hours are still running at ``as_of`` (see
        :func:`.rules.deadlines_as_of`, the one answer to "as of when")."""
        if self.returned_at is None:
            return None
        if self.rhi_held_at is not None:
            return self.rhi_within_72h
        if elapsed(self.returned_at, as_of) <= RHI_WITHIN:
            return None
        return False


class Notification(_Model):
    """A notification or referral with its dates. ``event_at``: when the event happened or
    came to the provider's attention; ``made_at``: when the notification was made."""

    id: str
    kind: NotificationKind
    event_at: LocalDateTime = None
    made_at: LocalDateTime = None

    @model_validator(mode="after")
    def _in_order(self) -> Notification:
        if self.event_at and self.made_at and instant(self.made_at) < instant(self.event_at):
            raise ValueError("made_at: the notification is before the event")
        return self

    @property
    def delay(self) -> timedelta | None:
        if self.event_at is None or self.made_at is None:
            return None
        return elapsed(self.event_at, self.made_at)

    @property
    def within_24h(self) -> bool | None:
        delay = self.delay
        return None if delay is None else delay <= NOTIFY_WITHIN


class Perpetrator(_Model):
    id: str
    sex: PerpetratorSex = "not_known"
    age_band: AgeBand = "not_known"
    ethnicity: str = "not-known"

    @model_validator(mode="after")
    def _known_ethnicity(self) -> Perpetrator:
        if self.ethnicity not in ETHNICITIES:
            raise ValueError(f"ethnicity {self.ethnicity!r} is not an ONS 2021 category code")
        return self


class PerpetratorData(_Model):
    """The core data set about suspected perpetrators, where known. Kept apart."""

    number: int | None = Field(default=None, ge=0, le=500,
                               description="How many suspected perpetrators; None if not known.")
    acting_with_others: YesNo = "not_known"
    perpetrators: list[Perpetrator] = Field(default_factory=list)

    @model_validator(mode="after")
    def _count(self) -> PerpetratorData:
        if self.number is not None and len(self.perpetrators) > self.number:
            raise ValueError(f"number: {self.number} is fewer than the "
                             f"{len(self.perpetrators)} perpetrators described")
        return self

    @property
    def empty(self) -> bool:
        return (self.number is None and self.acting_with_others == "not_known"
                and not self.perpetrators)


class CseRecord(_Model):
    young_person_id: str
    indicators: dict[str, IndicatorRecord] = Field(
        default_factory=dict, description="Keyed by cse-indicators checklist item id.")
    missing_episodes: list[MissingEpisode] = Field(default_factory=list)
    notifications: list[Notification] = Field(default_factory=list)
    classification: Classification | None = Field(
        default=None, description="Chosen by the inspector; the tool only suggests.")
    override_reason: str = Field(default="", description="Why the classification differs "
                                 "from the one the indicators suggest.")
    risk_management_note: str = Field(default="", description="How the placement manages "
                                      "the risk (IICSA's placement recommendation).")
    perpetrators: PerpetratorData = Field(default_factory=PerpetratorData)

    def present(self) -> list[str]:
        return [item_id for item_id, rec in self.indicators.items() if rec.answer == "present"]

    def episode(self, episode_id: str) -> MissingEpisode | None:
        return next((e for e in self.missing_episodes if e.id == episode_id), None)

    def notification(self, notification_id: str) -> Notification | None:
        return next((n for n in self.notifications if n.id == notification_id), None)

    def notifications_of(self, kind: str) -> list[Notification]:
        return [n for n in self.notifications if n.kind == kind]

    @property
    def empty(self) -> bool:
        return (not self.indicators and not self.missing_episodes and not self.notifications
                and self.classification is None and not self.override_reason.strip()
                and not self.risk_management_note.strip() and self.perpetrators.empty)
