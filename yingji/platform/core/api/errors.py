"""API errors as {code, message, errors}: a machine code, a Chinese message, and per-field errors."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

MESSAGES = {
    "invalid": _("输入有误，请检查标出的字段"),
    "parse_error": _("请求内容无法解析"),
    "not_authenticated": _("请先登录或提供有效的令牌"),
    "authentication_failed": _("身份验证失败"),
    "permission_denied": _("没有执行此操作的权限"),
    "not_found": _("记录不存在或不在您的管辖范围内"),
    "method_not_allowed": _("不支持该请求方法"),
    "throttled": _("请求过于频繁，请稍后再试"),
    "unsupported_media_type": _("不支持的请求格式"),
    "not_acceptable": _("无法提供所请求的格式"),
}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=exc.message_dict if hasattr(exc, "error_dict") else
                                         {"non_field_errors": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None
    code = _code(exc)
    errors = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            errors = {k: _flatten(v) for k, v in detail.items()}
        else:
            errors = {"non_field_errors": _flatten(detail)}
        message = MESSAGES["invalid"]
        first = next((m for msgs in errors.values() for m in msgs), None)
        if first:
            message = f"{message}：{first}"
        code = "invalid"
    else:
        message = MESSAGES.get(code) or _text(getattr(exc, "detail", "")) or _("请求失败")
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        message = f"{message}（{int(exc.wait)} 秒）"
    return Response({"code": code, "message": str(message), "errors": errors}, status=response.status_code,
                    headers={k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")})


def _code(exc):
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            return codes
        return getattr(exc, "default_code", "error")
    return "error"


def _flatten(value):
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _flatten(v)]
    if isinstance(value, list):
        out = []
        for v in value:
            out.extend(_flatten(v))
        return out
    return [str(value)]


def _text(detail):
    return str(detail) if detail else ""


def bad_request(message, errors=None, code="invalid"):
    return Response({"code": code, "message": message, "errors": errors or {}}, status=status.HTTP_400_BAD_REQUEST)
