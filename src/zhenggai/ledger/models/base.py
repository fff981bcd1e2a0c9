"""Soft deletion shared by every ledger record: nothing is ever hard-deleted."""

from __future__ import annotations

from django.db import models


class LedgerError(Exception):
    """A business rule refused the change; the message is shown to the user in Chinese."""


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def delete(self):  # noqa: D401 - guard, not an action
        raise LedgerError("台账记录不能删除，只能归档 (ledger rows are archived, never deleted)")


class Archivable(models.Model):
    """A record that is archived instead of deleted, so history is never lost."""

    archived_at = models.DateTimeField("归档时间", null=True, blank=True, db_index=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise LedgerError("台账记录不能删除，只能归档 (ledger rows are archived, never deleted)")

    @property
    def archived(self) -> bool:
        return self.archived_at is not None
