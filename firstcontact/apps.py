from django.apps import AppConfig


class FirstcontactConfig(AppConfig):
    name = "firstcontact"
    verbose_name = "Help at first contact"
