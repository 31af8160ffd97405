from django.urls import path
from django.views.generic import RedirectView

from . import staff_views, views

app_name = "firstcontact"

urlpatterns = [
    path("assess/", views.assess, name="assess"),
    path("assess/saved/", views.my_assessments, name="my_assessments"),
    path("assess/saved/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assess/saved/<int:pk>/refer/", views.referral_make, name="referral_make"),
    path("assess/staff/counts/", staff_views.counts, name="counts"),
    path(
        "assess/counts/", RedirectView.as_view(pattern_name="firstcontact:counts", permanent=True), name="counts_old"
    ),  # bookmarks
    path("rights/", views.rights_index, name="rights"),
    path("rights/<slug:slug>/", views.rights_page_default, name="rights_page_default"),
    path("rights/<slug:slug>/<str:language>/", views.rights_page, name="rights_page"),
]
