"""Pagination of every list of the API (docs/api.md, 分页).

- `?page=` / `?page_size=` (default 50, at most 1000): pages with their `count`. The count is exact up to
  settings.YINGJI_API_EXACT_COUNT_LIMIT records, counted by a query that stops there; above it, on PostgreSQL, the
  count is the planner's estimate and the answer says so (`"count_estimated": true`); SQLite counts exactly.
- `?cursor=` (empty for the first page): keyset pages for a client that walks a whole ledger, in the order of the
  records' ids, with `next` to follow and no count; each page costs the same however far the walk has gone.
"""

import base64
import binascii
import json

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


def planner_estimate(queryset):
    """The number of rows PostgreSQL's planner expects `queryset` to give (no rows are read), or None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class CountingPaginator(Paginator):
    """Django's Paginator whose count is exact up to the limit, by a query that reads no further than the limit;
    above it the planner's estimate (PostgreSQL), marked `estimated`."""

    estimated = False

    @cached_property
    def count(self):
        limit = settings.YINGJI_API_EXACT_COUNT_LIMIT
        # a list read as rows counts the records before their .values(): the foreign keys the rows name add joins
        # that never change the count but keep PostgreSQL from counting from an index alone
        queryset = getattr(self.object_list, "counted", self.object_list).order_by()
        if not limit:  # 0: always exact
            return queryset.count()
        exact = queryset.values("pk")[:limit + 1].count()
        if exact <= limit:
            return exact
        estimate = planner_estimate(queryset)
        if estimate is None:
            return queryset.count()
        self.estimated = True
        return max(estimate, limit + 1)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000
    django_paginator_class = CountingPaginator
    cursor_query_param = "cursor"
    keyset = False

    def paginate_queryset(self, queryset, request, view=None):
        self.keyset = self.cursor_query_param in request.query_params
        if self.keyset:
            return self._keyset_page(queryset, request)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.keyset:
            return Response({"next": self._next_url, "results": data})
        body = {"count": self.page.paginator.count, "next": self.get_next_link(),
                "previous": self.get_previous_link(), "results": data}
        if self.page.paginator.estimated:
            body["count_estimated"] = True
        return Response(body)

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count_estimated"] = {
            "type": "boolean", "example": True,
            "description": "仅当记录数超过精确计数上限时出现：count 为数据库估算值"}
        return answer

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": "游标分页（遍历整个台账）：首页传空值，之后跟随返回的 next；按记录ID排序，不返回 count",
            "schema": {"type": "string"}}]

    # --- keyset pages ---------------------------------------------------------------------------------------------
    def _keyset_page(self, queryset, request):
        if request.query_params.get("ordering") or request.query_params.get("page"):
            raise ValidationError({self.cursor_query_param: [_("游标分页按记录ID排序，不能同时指定 ordering 或 page")]})
        after = decode_cursor(request.query_params[self.cursor_query_param])
        size = self.get_page_size(request)
        queryset = queryset.order_by("pk")
        if after is not None:
            queryset = queryset.filter(pk__gt=after)
        rows = list(queryset[:size + 1])
        more = len(rows) > size
        rows = rows[:size]
        self._next_url = None
        if more:
            last = rows[-1]
            pk = last["pk"] if isinstance(last, dict) else last.pk
            url = remove_query_param(request.build_absolute_uri(), "page")
            self._next_url = replace_query_param(url, self.cursor_query_param, encode_cursor(pk))
        return rows


def encode_cursor(pk):
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def decode_cursor(text):
    """The id after which the page starts (None for the first page, an empty cursor); a malformed one is a 400."""
    if not text:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        kind, _sep, value = raw.partition(":")
        pk = int(value)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pk, kind = None, None
    if kind != "id" or pk is None or not -2**63 <= pk < 2**63:
        raise ValidationError({"cursor": [_("游标无效：请从首页（cursor 为空）开始，之后跟随返回的 next")]})
    return pk
