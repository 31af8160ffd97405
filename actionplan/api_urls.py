from rest_framework.routers import SimpleRouter

from .api import ActionItemViewSet

router = SimpleRouter()
router.register("action-items", ActionItemViewSet, basename="action-item")

urlpatterns = router.urls
