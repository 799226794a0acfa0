from . import context


class RequestContextMiddleware:
    """Gives each request an id and its acting user for the audit trail (see context.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.set_for_request(request)
        ctx = context.current()
        request.request_id = ctx.request_id
        # the user is resolved lazily: API token auth happens later, inside the view
        ctx.user = _LazyUser(request)
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = str(ctx.request_id)
        return response


class _LazyUser:
    def __init__(self, request):
        self.request = request

    def resolve(self):
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None
