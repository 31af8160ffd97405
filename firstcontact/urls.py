app_name = "firstcontact"

urlpatterns: list = []
