"""A kept progress report rendered from its snapshot, in the reader's language: rows for the web page, CSV, PDF."""

from __future__ import annotations

import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from taskforce.csv import csv_writer
from taskforce.language import in_language

from .models import ProgressReport, Status


def _pick(row: dict, key: str) -> str:
    return in_language(row.get(key, ""), row.get(f"{key}_fr"))


def _label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def report_items(report: ProgressReport) -> list[dict]:
    return [
        {
            "number": r["number"],
            "title": _pick(r, "title"),
            "status": _label(r["status"]),
            "progress": r["progress"],
            "lead": _pick(r, "lead"),
        }
        for r in report.snapshot.get("items", [])
    ]


def report_changes(report: ProgressReport) -> list[dict]:
    return [
        {**c, "title": _pick(c, "title"), "old_status": _label(c["old_status"]), "new_status": _label(c["new_status"])}
        for c in report.snapshot.get("changes", [])
    ]


def report_csv(report: ProgressReport) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        [
            _("Section"),
            _("Number"),
            _("Title"),
            _("Status"),
            _("Progress (%)"),
            _("Lead organization"),
            _("Date"),
            _("Reason"),
        ]
    )
    for row in report_items(report):
        writer.writerow([_("Status"), row["number"], row["title"], row["status"], row["progress"], row["lead"], "", ""])
    for change in report_changes(report):
        writer.writerow(
            [
                _("Change"),
                change["number"],
                change["title"],
                f"{change['old_status']} → {change['new_status']}",
                f"{change['old_progress']} → {change['new_progress']}",
                change["organization"],
                change["date"],
                change["reason"],
            ]
        )
    return out.getvalue()


def report_pdf(report: ProgressReport) -> bytes:
    from xml.sax.saxutils import escape  # noqa: PLC0415 -- reportlab loads only when a PDF report is made

    from reportlab.lib import colors  # noqa: PLC0415 -- reportlab loads only when a PDF report is made
    from reportlab.lib.pagesizes import letter  # noqa: PLC0415 -- reportlab loads only when a PDF report is made
    from reportlab.lib.styles import getSampleStyleSheet  # noqa: PLC0415 -- reportlab loads only when a PDF report is made
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: PLC0415 -- reportlab loads only when a PDF report is made

    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=letter, title=_("Action plan progress report"), lang=get_language() or "en"
    )
    story = [
        Paragraph(escape(report.plan.display_title), styles["Title"]),
        Paragraph(escape(_("Progress report as of %(date)s") % {"date": report.as_of.isoformat()}), styles["Heading2"]),
        Spacer(1, 8),
    ]

    def table(header, rows):
        data = [[Paragraph(f"<b>{escape(str(h))}</b>", cell) for h in header]]
        data += [[Paragraph(escape(str(v)), cell) for v in row] for row in rows]
        t = Table(data, repeatRows=1, colWidths=None)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return t

    story.append(
        table(
            [_("Number"), _("Action"), _("Status"), _("Progress (%)"), _("Lead organization")],
            [[r["number"], r["title"], r["status"], r["progress"], r["lead"]] for r in report_items(report)],
        )
    )
    story += [Spacer(1, 12), Paragraph(escape(_("What changed since the last report")), styles["Heading2"])]
    changes = report_changes(report)
    if changes:
        story.append(
            table(
                [_("Date"), _("Number"), _("Change"), _("Reason")],
                [
                    [
                        c["date"],
                        c["number"],
                        # The PDF's standard font has no arrow glyph.
                        f"{c['old_status']} -> {c['new_status']}; {c['old_progress']}% -> {c['new_progress']}%",
                        c["reason"],
                    ]
                    for c in changes
                ],
            )
        )
    else:
        story.append(Paragraph(escape(_("No change was recorded in this period.")), cell))
    doc.build(story)
    return buffer.getvalue()
