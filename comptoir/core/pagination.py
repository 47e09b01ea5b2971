from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.core.paginator import Page
    from django.db.models import QuerySet
    from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset: Sequence | QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of a list; bad page numbers fall back to the nearest page, never an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
