from django import template

from ..display import ReadableChange, readable

register = template.Library()


@register.simple_tag(takes_context=True)
def readable_history(context, history):
    """The rows of a record's change history as a person reads them (see audit/display.py); rows a view has
    already made readable pass through."""
    if history is None:
        return None
    rows = list(history)
    if rows and isinstance(rows[0], ReadableChange):
        return rows
    request = context.get("request")
    return readable(rows, user=getattr(request, "user", None), record=context.get("object"))
