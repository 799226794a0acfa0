"""Who is acting, from where, in which request: a ContextVar set by the middleware and by commands."""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class AuditContext:
    user: object = None
    ip: str | None = None
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)
    source: str = "web"


_current = ContextVar("yingji_audit_context", default=None)


def current():
    ctx = _current.get()
    return ctx if ctx is not None else AuditContext(source="system")


@contextmanager
def acting(user=None, *, ip=None, source="command"):
    """Run a block as `user` (e.g. a command, a task): every change inside it is attributed to him."""
    token = _current.set(AuditContext(user=user, ip=ip, source=source))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@contextmanager
def acting_as(user):
    """Within the current request or command, attribute the changes of the block to `user` (a service's explicit
    actor); the request's id, address and source are kept."""
    from dataclasses import replace

    token = _current.set(replace(current(), user=user))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def set_for_request(request):
    return _current.set(AuditContext(user=None, ip=client_ip(request), source="web"))


def reset(token):
    _current.reset(token)


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None
