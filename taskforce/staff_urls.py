from django.urls import path

from . import staff_views

app_name = "staff"

urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("notifications/", staff_views.notifications_failed, name="notifications"),
    path("partners/", staff_views.partner_clients, name="partners"),
    path("partners/new/", staff_views.partner_client_new, name="partner_client_new"),
    path("partners/exchanges/", staff_views.partner_exchanges, name="partner_exchanges"),
    path("partners/<int:client_id>/", staff_views.partner_client, name="partner_client"),
    path("partners/<int:client_id>/keys/", staff_views.partner_key_issue, name="partner_key_issue"),
    path("partners/<int:client_id>/scopes/", staff_views.partner_client_scopes, name="partner_client_scopes"),
    path(
        "partners/<int:client_id>/keys/<int:key_id>/revoke/",
        staff_views.partner_key_revoke,
        name="partner_key_revoke",
    ),
    path("partners/<int:client_id>/revoke/", staff_views.partner_client_revoke, name="partner_client_revoke"),
]
