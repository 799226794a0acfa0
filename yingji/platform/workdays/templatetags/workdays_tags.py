from django import template

register = template.Library()


@register.simple_tag
def calendar_coverage():
    """[(year, holidays, working days)] of last, this and next year (one query)."""
    from ..views import coverage

    return coverage()
