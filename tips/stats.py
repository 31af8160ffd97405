"""A hotline's statistics for a period, from metadata only: never a tip's text. (Not `statistics.py`: that
name would hide the standard library's module from Django's SQLite backend when a command runs inside tips/.)

Every query names the columns it reads (`values()` / `aggregate()`), so no encrypted column is ever selected, and
the number of queries is the same whatever the number of tips (the counts are grouped in the database). The
median and 90th percentile are computed by PostgreSQL's `percentile_cont`; other databases (SQLite in development)
read the timestamps in one query and interpolate the same way in Python.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Aggregate, Case, Count, DurationField, F, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from taskforce.language import in_page_language
from taskforce.vocabulary import ExploitationKind, Province

from .models import Delivery, Tip, TipEscalation

PERCENTILES = (("median", 0.5), ("p90", 0.9))
NOT_RECORDED = ""  # tips closed before a reason was required


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in the portal's time zone."""

    start: dt.date
    end: dt.date

    @property
    def since(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def until(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))


def period_preset(preset: str, *, today: dt.date | None = None) -> Period:
    """The last 7, 30 or 90 days (today included), or this year so far."""
    today = today or timezone.localdate()
    if preset == "year":
        return Period(start=today.replace(month=1, day=1), end=today)
    return Period(start=today - dt.timedelta(days=int(preset) - 1), end=today)


@dataclass
class Figures:
    """What the page, its charts and the CSV show. Each `by_*` is a list of (code, label, count), every choice
    listed (zero included) in the choices' order."""

    hotline: object
    period: Period
    received: int = 0
    by_kind: list = field(default_factory=list)
    by_province: list = field(default_factory=list)
    by_source: list = field(default_factory=list)
    by_status: list = field(default_factory=list)
    opened: int = 0
    replied: int = 0
    to_open: dict = field(default_factory=dict)  # "median"/"p90" -> timedelta or None
    to_reply: dict = field(default_factory=dict)
    escalations: list = field(default_factory=list)
    closings: list = field(default_factory=list)

    def tables(self) -> list[dict]:
        """The counted figures as named tables: what the page draws (tips/charts.py) and the CSV writes."""
        tables = [
            ("kind", _("Tips received by kind"), _("Kind"), self.by_kind),
            ("region", _("Tips received by region"), _("Region"), self.by_province),
            ("source", _("Tips received by source"), _("Source"), self.by_source),
            ("status", _("Tips received by status now"), _("Status"), self.by_status),
            ("escalation", _("Escalations by step"), _("Step"), self.escalations),
            ("closing", _("Tips closed in the period, by reason"), _("Reason"), self.closings),
        ]
        return [{"key": key, "title": title, "column": column, "rows": rows} for key, title, column, rows in tables]

    def waits(self) -> list[dict]:
        """Time to first opening and to first reply: median, 90th percentile, and how many tips they count."""
        return [
            {"key": "open", "title": _("Time to first opening"), "counted": self.opened, **self.to_open},
            {"key": "reply", "title": _("Time to first reply"), "counted": self.replied, **self.to_reply},
        ]

    def csv_rows(self):
        """The same figures as the page, one per line: table, item, value (waits in minutes)."""
        yield (_("Hotline"), "", in_page_language(self.hotline.name))
        yield (_("Period"), _("From"), self.period.start)
        yield (_("Period"), _("To"), self.period.end)
        yield (_("Tips received"), "", self.received)
        for table in self.tables():
            for _code, label, count in table["rows"]:
                yield (table["title"], label, count)
        for wait in self.waits():
            yield (wait["title"], _("Tips counted"), wait["counted"])
            for name, label in (("median", _("Median (minutes)")), ("p90", _("90th percentile (minutes)"))):
                yield (wait["title"], label, minutes(wait[name]))


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: the continuous percentile of the expression (NULLs are left out)."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def percentile_cont(values: list, fraction: float):
    """The same interpolation as percentile_cont, over values already sorted; None when there are none."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


def _counted(rows: dict, choices, *, extra=()) -> list:
    return [(code, label, rows.get(code, 0)) for code, label in [*choices, *extra]]


def _deliveries(hotline, period: Period):
    """The hotline's deliveries in the period: every tip it received then, re-routed away later or not."""
    return Delivery.objects.filter(hotline=hotline, delivered_at__gte=period.since, delivered_at__lt=period.until)


def _received(figures: Figures, deliveries) -> None:
    """One grouped query for the four breakdowns: at most kinds × provinces × sources × statuses rows."""
    rows = deliveries.values("tip__kind", "tip__province", "tip__source", "tip__status").annotate(
        n=Count("tip_id", distinct=True)
    )
    totals: dict[str, dict] = {"kind": {}, "province": {}, "source": {}, "status": {}}
    for row in rows:
        figures.received += row["n"]
        for key, counts in totals.items():
            code = row[f"tip__{key}"]
            counts[code] = counts.get(code, 0) + row["n"]
    figures.by_kind = _counted(totals["kind"], ExploitationKind.choices)
    figures.by_province = _counted(totals["province"], Province.choices)
    figures.by_source = _counted(totals["source"], Tip.Source.choices)
    figures.by_status = _counted(totals["status"], Tip.Status.choices)


def _waits():
    """Time to first opening (by this hotline) and to first reply (by anyone, on or after this delivery)."""
    to_open = F("opened_at") - F("delivered_at")
    to_reply = Case(
        When(tip__first_replied_at__gte=F("delivered_at"), then=F("tip__first_replied_at") - F("delivered_at")),
        output_field=DurationField(),
    )
    return to_open, to_reply


def _times(figures: Figures, deliveries) -> None:
    to_open, to_reply = _waits()
    if connections[deliveries.db].vendor == "postgresql":
        aggregates = {"opened": Count("opened_at"), "replied": Count(to_reply)}
        for name, fraction in PERCENTILES:
            aggregates[f"open_{name}"] = PercentileCont(to_open, fraction, output_field=DurationField())
            aggregates[f"reply_{name}"] = PercentileCont(to_reply, fraction, output_field=DurationField())
        result = deliveries.aggregate(**aggregates)
        figures.to_open = {name: result[f"open_{name}"] for name, _f in PERCENTILES}
        figures.to_reply = {name: result[f"reply_{name}"] for name, _f in PERCENTILES}
        figures.opened, figures.replied = result["opened"], result["replied"]
        return
    # A portable fallback (SQLite): one query, the waits sorted here.
    rows = deliveries.values_list("delivered_at", "opened_at", "tip__first_replied_at")
    opens = sorted(opened - delivered for delivered, opened, _r in rows if opened is not None)
    replies = sorted(replied - delivered for delivered, _o, replied in rows if replied and replied >= delivered)
    figures.to_open = {name: percentile_cont(opens, fraction) for name, fraction in PERCENTILES}
    figures.to_reply = {name: percentile_cont(replies, fraction) for name, fraction in PERCENTILES}
    figures.opened, figures.replied = len(opens), len(replies)


def _escalations(figures: Figures, hotline, period: Period) -> None:
    rows = (
        TipEscalation.objects.filter(delivery__hotline=hotline, at__gte=period.since, at__lt=period.until)
        .values("step")
        .annotate(n=Count("id"))
    )
    figures.escalations = _counted({row["step"]: row["n"] for row in rows}, TipEscalation.Step.choices)


def _closings(figures: Figures, hotline, period: Period) -> None:
    """Tips with this hotline (not re-routed away) closed in the period and still closed, by the reason given
    (the index on status and closed_at)."""
    live = Delivery.objects.filter(hotline=hotline, state=Delivery.State.DELIVERED).values("tip_id")
    rows = (
        Tip.objects.filter(
            id__in=live, status=Tip.Status.CLOSED, closed_at__gte=period.since, closed_at__lt=period.until
        )
        .values("close_reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    figures.closings = _counted(
        {row["close_reason"]: row["n"] for row in rows},
        Tip.CloseReason.choices,
        extra=[(NOT_RECORDED, pgettext_lazy("closing reason", "Not recorded"))],
    )


def hotline_statistics(*, hotline, period: Period) -> Figures:
    """The hotline's figures for the period, in five queries whatever the number of tips."""
    figures = Figures(hotline=hotline, period=period)
    deliveries = _deliveries(hotline, period)
    _received(figures, deliveries)
    _times(figures, deliveries)
    _escalations(figures, hotline, period)
    _closings(figures, hotline, period)
    return figures


def minutes(wait: dt.timedelta | None) -> float | None:
    return None if wait is None else round(wait.total_seconds() / 60, 1)


def wait_text(wait: dt.timedelta | None) -> str:
    """A wait as people read it: "3 d 4 h", "2 h 05 min", "12 min", "40 s"; a dash when nothing was counted."""
    if wait is None:
        return "—"
    seconds = round(wait.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    mins, secs = divmod(rest, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": mins}
    if mins:
        return _("%(minutes)d min") % {"minutes": mins}
    return _("%(seconds)d s") % {"seconds": secs}
