"""The first day of a date's week, month or year, computed inside the database.

Django's Trunc* work on every backend, but on SQLite they call a Python function for every
row. These subclasses keep Django's SQL elsewhere and use SQLite's own date modifiers there,
so grouping 100,000 expenses by week or month stays in C. Weeks start on Monday.
"""

from django.db.models import Expression
from django.db.models.functions import TruncMonth, TruncWeek, TruncYear


class _SQLiteDateStart:
    modifiers: str = ""
    lhs: Expression  # provided by the Trunc* class it is mixed into

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, {self.modifiers})", params


class WeekStart(_SQLiteDateStart, TruncWeek):
    # 'weekday 0' moves forward to the next Sunday (or stays on one); six days back is Monday.
    modifiers = "'weekday 0', '-6 days'"


class MonthStart(_SQLiteDateStart, TruncMonth):
    modifiers = "'start of month'"


class YearStart(_SQLiteDateStart, TruncYear):
    modifiers = "'start of year'"
