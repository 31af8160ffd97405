"""The open data licence for the footer of every page that shows public data (`{% block footer_licence %}` with
`opendata/_licence_footer.html`): read from the setting at each request, so a changed OPEN_DATA_LICENCE shows at
once, and no query."""

from .catalogue import licence


def open_data_licence(request):
    return {"open_data_licence": licence()}
