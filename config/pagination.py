"""The one pagination every list uses: `page`, `page_size` (default 50, max 500)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class CountedPaginator(Paginator):
    """A paginator told its count (from a cheaper source than `COUNT(*)` over the rows, such
    as the expenses' rollups) instead of counting the queryset."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count
