"""The registry's charts, drawn the portal's one way (taskforce/charts.py): its public entries by industry and by the
year they were published, each as horizontal bars with the table of its numbers beside it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from taskforce.charts import Bar, bar_chart, number

from .models import Industry


def registry_figures_charts(figures: dict) -> dict:
    """From `selectors.registry_figures()`: `by_industry` (rows of code, label, count, every industry in the
    vocabulary's order, 0 included) and `by_year` (rows of year, count), each with its chart, and `total`."""
    industries = [(code, str(label), figures["by_industry"].get(code, 0)) for code, label in Industry.choices]
    years = [(str(year), count) for year, count in figures["by_year"]]
    total = sum(count for _code, _label, count in industries)
    industry_chart = bar_chart(
        "registry-industries",
        title=_("Registry entries by industry"),
        description=_("%(total)s published entries: %(counts)s. The table beside the chart gives the same numbers.")
        % {"total": number(total), "counts": ", ".join(f"{label} {number(count)}" for _c, label, count in industries)},
        bars=[Bar(label, count) for _code, label, count in industries],
    )
    year_chart = bar_chart(
        "registry-years",
        title=_("Registry entries by year published"),
        description=_("Entries published each year, from %(first)s to %(last)s: %(counts)s.")
        % {
            "first": years[0][0] if years else "",
            "last": years[-1][0] if years else "",
            "counts": ", ".join(f"{year} {number(count)}" for year, count in years),
        },
        bars=[Bar(year, count) for year, count in years],
    )
    return {
        "total": total,
        "by_industry": industries,
        "industry_chart": industry_chart,
        "by_year": years,
        "year_chart": year_chart,
        "as_of": figures["as_of"],
    }
