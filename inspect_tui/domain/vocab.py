"""Fixed vocabularies of the inspection record (the recording standards, not the regulations)."""

from __future__ import annotations

FINDING_STATUSES = {
    "not_assessed": "Not assessed",
    "met": "Met",
    "partly_met": "Partly met",
    "not_met": "Not met",
}
INSPECTION_TYPES = {"full": "Full", "monitoring": "Monitoring", "ad_hoc": "Ad hoc"}
INSPECTION_STATUSES = {
    "draft": "Draft",
    "submitted": "Submitted",
    "returned": "Returned",
    "approved": "Approved",
}
# Shown in place of a status: approved, but the content no longer matches the approval's
# digest; an inspection not yet whole here (a sync cut short).
DISPLAY_STATUSES = {**INSPECTION_STATUSES, "changed_since_approval": "Changed since approval",
                    "incomplete": "Incomplete (sync again)"}
ACCOMMODATION_CATEGORIES = {
    1: "Self-contained",
    2: "Shared with other looked-after children or care leavers only",
    3: "Shared with others",
    4: "Supported lodgings (a private home)",
}
ACTION_KINDS = {"requirement": "Requirement", "recommendation": "Recommendation"}
SEXES = {"female": "Female", "male": "Male", "other": "Other", "not_known": "Not known"}
DISABILITY = {"yes": "Disabled", "no": "Not disabled", "not_known": "Not known"}
LEGAL_STATUSES = {
    "looked_after": "Looked after, placed under s22C(6)(d)",
    "relevant_child": "Care leaver (relevant child), placed under s23B(8)(b)",
    "former_relevant": "Care leaver (former relevant child), placed under s23B(8)(b)",
    "not_known": "Not known",
}
CHECK_ANSWERS = {"not_checked": "Not checked", "yes": "Yes", "no": "No",
                 "not_applicable": "Not applicable"}

# ONS 2021 census ethnicity, 19 categories in 5 groups, plus two recording values.
# The SSDA903 code beside each is unverified (domain reference marks it [?]).
ETHNICITY_GROUPS: dict[str, list[tuple[str, str, str | None]]] = {
    "Asian, Asian British or Asian Welsh": [
        ("asian-bangladeshi", "Bangladeshi", "ABAN"),
        ("asian-chinese", "Chinese", "CHNE"),
        ("asian-indian", "Indian", "AIND"),
        ("asian-pakistani", "Pakistani", "APKN"),
        ("asian-other", "Other Asian", "AOTH"),
    ],
    "Black, Black British, Black Welsh, Caribbean or African": [
        ("black-african", "African", "BAFR"),
        ("black-caribbean", "Caribbean", "BCRB"),
        ("black-other", "Other Black", "BOTH"),
    ],
    "Mixed or Multiple ethnic groups": [
        ("mixed-white-asian", "White and Asian", "MWAS"),
        ("mixed-white-black-african", "White and Black African", "MWBA"),
        ("mixed-white-black-caribbean", "White and Black Caribbean", "MWBC"),
        ("mixed-other", "Other Mixed or Multiple", "MOTH"),
    ],
    "White": [
        ("white-british", "English, Welsh, Scottish, Northern Irish or British", "WBRI"),
        ("white-irish", "Irish", "WIRI"),
        ("white-gypsy-irish-traveller", "Gypsy or Irish Traveller", "WIRT"),
        ("white-roma", "Roma", "WROM"),
        ("white-other", "Other White", "WOTH"),
    ],
    "Other ethnic group": [
        ("other-arab", "Arab", "OOTH"),
        ("other-any", "Any other ethnic group", "OOTH"),
    ],
    "Not recorded": [
        ("not-known", "Not known", "NOBT"),
        ("declined", "Declined to say", "REFU"),
    ],
}
SSDA903_VERIFIED = False
ETHNICITIES: dict[str, str] = {
    code: f"{group}: {label}" if group != "Not recorded" else label
    for group, entries in ETHNICITY_GROUPS.items()
    for code, label, _ in entries
}
ETHNICITY_SSDA903: dict[str, str | None] = {
    code: ssda for entries in ETHNICITY_GROUPS.values() for code, _, ssda in entries
}
