from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "secretariat"
    verbose_name = _("Secretariat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from secretariat import audit  # noqa: F401 - registers the audit scopes of this app's records
