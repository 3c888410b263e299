from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class IsuMembership(models.Model):
    """A staff user working in one convention's Implementation Support Unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="isu_memberships", verbose_name=_("user")
    )
    convention = models.ForeignKey(
        "secretariat.Convention", on_delete=models.CASCADE, related_name="isu_members", verbose_name=_("convention")
    )
    is_director = models.BooleanField(_("director"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ISU membership")
        verbose_name_plural = _("ISU memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "convention"], name="secretariat_isumembership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.convention}"


class DelegateAssignment(models.Model):
    """A user acting for one State under one convention (a national contact point)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegate_assignments", verbose_name=_("user")
    )
    state = models.ForeignKey(
        "secretariat.State", on_delete=models.CASCADE, related_name="delegates", verbose_name=_("State")
    )
    convention = models.ForeignKey(
        "secretariat.Convention", on_delete=models.CASCADE, related_name="delegates", verbose_name=_("convention")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegate assignment")
        verbose_name_plural = _("delegate assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "convention"], name="secretariat_delegate_one_state_per_convention"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.state} · {self.convention}"
