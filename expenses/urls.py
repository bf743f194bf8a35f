from rest_framework.routers import SimpleRouter

from categories.views import CategoryViewSet, TagViewSet
from expenses.views import ExpenseViewSet

router = SimpleRouter()
router.register("expenses", ExpenseViewSet, basename="expense")
router.register("categories", CategoryViewSet, basename="category")
router.register("tags", TagViewSet, basename="tag")

urlpatterns = router.urls
