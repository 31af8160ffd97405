from django.urls import path

from . import api

urlpatterns = [
    path("hotlines/", api.HotlineList.as_view(), name="api-tips-hotlines"),
]
