import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentRevision(models.Model):
    """The revision of the records of one scope (``reference``, ``meeting:12``, ...): a new random
    value at each write.

    The services set it in the transaction of each write (``secretariat.revisions``); a generated
    document's cache key holds the revisions of the scopes it reads. Random rather than counted: a
    database restored from a backup, or a rolled-back test, never gives again a revision that some
    stored PDF was built under. The scope is the primary key: the row a write locks, and the one
    index a document's key reads.
    """

    scope = models.CharField(_("scope"), max_length=100, primary_key=True)
    revision = models.UUIDField(_("revision identifier"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("content revision")
        verbose_name_plural = _("content revisions")

    def __str__(self) -> str:
        return f"{self.scope} @ {self.revision}"
