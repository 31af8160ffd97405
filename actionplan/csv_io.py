"""Bulk update of a plan by CSV: export the items, change status/progress in a spreadsheet, upload it back.

The upload is one transaction: every row is checked first, errors are reported by row number, and nothing is
saved unless the whole file is good. A row whose values equal the item's current ones changes nothing, so
exporting and re-importing an unchanged file adds no history.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from taskforce.access import require_coordinator
from taskforce.csv import csv_writer
from taskforce.language import in_page_language
from taskforce.models import User

from . import conf, selectors
from .models import ActionItem, Plan, Status, StatusUpdate
from .services import item_post_update

COLUMNS = ["number", "slug", "title", "status", "progress", "version", "reason"]
REQUIRED = {"slug", "status", "progress", "version"}


class CsvImportError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass
class ImportResult:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0


def items_export_csv(plan: Plan) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(COLUMNS)
    for item in selectors.items_for_export(plan):
        writer.writerow(
            [item.display_number, item.slug, in_page_language(item.title), item.status, item.progress, item.version, ""]
        )
    return out.getvalue()


def plan_public_csv(state: selectors.PlanState) -> str:
    """The plan as a reader downloads it from the plan page: headers and statuses in the reader's language, each
    action then its sub-actions, as the page shows it (as of its date: an action with no update by then says so).
    Not the coordinators' import format (items_export_csv)."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        [
            _("Number"),
            _("Action"),
            _("Status"),
            _("Progress (%)"),
            _("Lead organization"),
            _("Start date"),
            _("Target date"),
            _("As of"),
        ]
    )
    as_of = (state.as_of or timezone.localdate()).isoformat()

    def write(item_state: selectors.ItemState) -> None:
        item = item_state.item
        writer.writerow(
            [
                item.display_number,
                in_page_language(item.title),
                Status(item_state.status).label if item_state.status else _("No data yet"),
                "" if item_state.progress is None else item_state.progress,
                in_page_language(item.lead_organization.name) if item.lead_organization else "",
                item.start_date.isoformat() if item.start_date else "",
                item.target_date.isoformat() if item.target_date else "",
                as_of,
            ]
        )
        for sub in item_state.sub_items:
            write(sub)

    for item_state in state.items:
        write(item_state)
    return out.getvalue()


def _read_rows(data: bytes) -> list[dict]:
    if len(data) > conf.csv_max_bytes():
        raise CsvImportError([_("The file is too large.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError([_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")]) from None
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = {(name or "").strip() for name in reader.fieldnames or []}
        if not REQUIRED <= header:
            missing = ", ".join(sorted(REQUIRED - header))
            raise CsvImportError([_("The file lacks these columns: %(columns)s.") % {"columns": missing}])
        rows = [{(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as exc:
        raise CsvImportError([_("The file is not valid CSV: %(error)s") % {"error": exc}]) from None
    if not rows:
        raise CsvImportError([_("The file has no rows.")])
    return rows


def _check_row(number: int, row: dict, item: ActionItem | None, seen: set, default_reason: str) -> list[str]:
    prefix = _("Row %(row)s") % {"row": number}
    if item is None:
        return [f"{prefix}: " + _("no action item with short name “%(slug)s” in this plan.") % {"slug": row["slug"]}]
    if item.slug in seen:
        return [f"{prefix}: " + _("this item appears twice in the file.")]
    seen.add(item.slug)
    errors = []
    if row["status"] not in Status.values:
        errors.append(f"{prefix}: " + _("unknown status “%(status)s”.") % {"status": row["status"]})
    if not row["progress"].isdigit() or not 0 <= int(row["progress"]) <= 100:
        errors.append(f"{prefix}: " + _("progress must be a whole number from 0 to 100."))
    if errors or not _row_changes(item, row):
        return errors
    if row["version"] != str(item.version):
        errors.append(f"{prefix}: " + _("this item changed since the file was exported; export it again."))
    if not (row.get("reason") or default_reason).strip():
        errors.append(f"{prefix}: " + _("a reason is required for every changed row."))
    return errors


def _row_changes(item: ActionItem, row: dict) -> bool:
    return (row["status"], int(row["progress"])) != (item.status, item.progress)


@transaction.atomic
def items_import_csv(*, plan: Plan, data: bytes, actor: User, default_reason: str = "") -> ImportResult:
    require_coordinator(actor)
    rows = _read_rows(data)
    items = {item.slug: item for item in selectors.items_for_export(plan)}
    errors: list[str] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        errors += _check_row(number, row, items.get(row.get("slug", "")), seen, default_reason)
    if errors:
        raise CsvImportError(errors)
    result = ImportResult()
    for number, row in enumerate(rows, start=2):
        item = items[row["slug"]]
        if not _row_changes(item, row):
            result.unchanged += 1
            continue
        try:
            item_post_update(
                item=item,
                actor=actor,
                reason=row.get("reason") or default_reason,
                expected_version=item.version,
                status=row["status"],
                progress=int(row["progress"]),
                source=StatusUpdate.Source.CSV,
            )
        except ValidationError as exc:  # a taskforce.exceptions.Conflict is one too
            detail = " ".join(exc.messages)
            raise CsvImportError([f"{_('Row %(row)s') % {'row': number}}: {detail}"]) from None
        result.changed.append(item.display_number)
    return result
