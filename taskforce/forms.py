"""What the portal's forms share."""

from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: each message beside its field when the form has that field, the
    others (and a refusal not tied to any field) at the top of the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def filter_selects(form, names, *, choices=None) -> list[dict]:
    """A list page's filters (a GET form of select fields) as `templates/_filter_selects.html` writes them out: a
    loop over each field's choices instead of a widget template per field (a list's cost is its rows and its
    filters: make bench). `choices` gives a field's choices from elsewhere (labels translated once per process)."""
    data = form.data if form.is_bound else form.initial
    return [
        {
            "name": name,
            "id": f"id_{name}",
            "label": form.fields[name].label,
            "value": str(data.get(name) or ""),
            "choices": [(str(value), label) for value, label in (choices or {}).get(name, form.fields[name].choices)],
        }
        for name in names
    ]
