from django.urls import path
from rest_framework.routers import SimpleRouter

from expenses.views import ExpenseViewSet
from expenses.views_bulk import ExpenseBulkDeleteView, ExpenseBulkView
from expenses.views_rules import RuleApplyView, RulesApplyView

router = SimpleRouter()
router.register("expenses", ExpenseViewSet, basename="expense")

urlpatterns = [
    # Before the router's `expenses/<pk>/`, which would take "bulk" for an id.
    path("expenses/bulk/", ExpenseBulkView.as_view(), name="expense-bulk"),
    path("expenses/bulk-delete/", ExpenseBulkDeleteView.as_view(), name="expense-bulk-delete"),
    *router.urls,
    # Rules applied to existing expenses (rules/urls.py has the rules themselves).
    path("rules/apply/", RulesApplyView.as_view(), name="rules-apply"),
    path("rules/<int:pk>/apply/", RuleApplyView.as_view(), name="rule-apply"),
]
