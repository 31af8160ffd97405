from rest_framework.routers import SimpleRouter

from .api import ActionItemViewSet

router = SimpleRouter()
router.register("action-items", ActionItemViewSet, basename="api-actionplan-item")

urlpatterns = router.urls
