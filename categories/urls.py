from rest_framework.routers import SimpleRouter

from categories.views import CategoryViewSet, TagViewSet

router = SimpleRouter()
router.register("categories", CategoryViewSet, basename="category")
router.register("tags", TagViewSet, basename="tag")

urlpatterns = router.urls
