"""The API answers errors as {code, message, errors} in every mode (issue 16, items 6 and 9).

DRF's exception handler (errors.py) formats what a view raises. What happens before or around a view is Django's:
an unknown /api/ address (404) and an unhandled exception (500) answer Django's HTML page, in DEBUG the technical
page (190 KB listing every URL pattern, or the traceback with settings). This middleware turns any HTML error answer
under /api/ into the JSON error format; the exception itself is still logged by Django (django.request) as before.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from .errors import MESSAGES

_CODES = {400: "invalid", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
          405: "method_not_allowed", 429: "throttled"}


class APIErrorsAsJSONMiddleware:
    prefix = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code >= 400 and request.path.startswith(self.prefix)
                and response.get("Content-Type", "").startswith("text/html")):
            return json_error(response.status_code)
        return response


def json_error(status):
    code = _CODES.get(status, "server_error" if status >= 500 else "error")
    message = str(MESSAGES[code]) if code in MESSAGES else (
        _("服务器内部错误，请稍后重试或联系管理员") if status >= 500 else _("请求失败"))
    return JsonResponse({"code": code, "message": message, "errors": {}}, status=status)
