"""Answers for the assessment forms, as a browser would post them."""

from firstcontact.models import AssessmentVersion

PRELIM_RISK = {
    "pre-danger": "no",
    "pre-control": "yes",
    "pre-documents": "yes",
    "pre-forced": "yes",
    "pre-fear": "unsure",
    "pre-age": "no",
}
PRELIM_NONE = dict.fromkeys(PRELIM_RISK, "no")
FULL_LABOUR = {"rec-promise": "yes", "rec-fee": "yes", "money-unpaid": "yes", "exp-hours": "yes", "thr-report": "yes"}


def prelim_post(province="MB", answers=PRELIM_RISK, city="") -> dict:
    version = AssessmentVersion.objects.get(status="published").number
    return {
        "step": "preliminary",
        "version": version,
        "province": province,
        "city": city,
        **{f"q_{k}": v for k, v in answers.items()},
    }


def full_post(province="MB", prelim=PRELIM_RISK, full=FULL_LABOUR, city="") -> dict:
    data = prelim_post(province, prelim, city)
    data["step"] = "full"
    data.update({f"q_{k}": v for k, v in full.items()})
    return data
