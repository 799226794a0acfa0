"""Django's technical 404 page (every URL pattern of the project, in DEBUG) is never shown: an unknown page answers
the site's own 404 page in every mode (issue 16, item 9). The API's errors are JSON (api/middleware.py)."""

from django.conf import settings
from django.views.defaults import page_not_found


class NoDebugNotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (settings.DEBUG and response.status_code == 404
                and response.get("Content-Type", "").startswith("text/html")
                and not request.path.startswith("/api/")):
            return page_not_found(request, None)
        return response
