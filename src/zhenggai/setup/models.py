"""What the work needs to know about a person beyond a login: name, post, phone, first login.

Names live on Django's user (last_name holds the whole 姓名 when it is typed as one); the
post (职务) and phone are here, and so is the mark that an initial password must be changed
before anything else is done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="profile")
    title = models.CharField("职务", max_length=100, blank=True)
    phone = models.CharField("手机", max_length=30, blank=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "人员信息"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return display_name(self.user)


def display_name(user) -> str:
    """姓名 as people read it; the login only when nobody gave a name."""
    name = f"{(user.last_name or '').strip()}{(user.first_name or '').strip()}"
    return name or user.get_username()


def name_with_title(user) -> str:
    """姓名（职务） where the post helps tell people apart."""
    try:
        title = user.profile.title
    except Profile.DoesNotExist:
        title = ""
    return f"{display_name(user)}（{title}）" if title else display_name(user)
