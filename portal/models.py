from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. What they may see comes from role rows (see branches.models.roles)."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.display_name or self.username

    def get_short_name(self):
        return self.display_name or self.username


class Submission(models.Model):
    """A posted form that was saved, by its one-time token (portal.submissions.submit_once):
    the same form posted again (a double click, a resent request) is not saved a second time."""

    token = models.UUIDField(_("提交标识"))
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("提交人")
    )
    redirect_to = models.CharField(_("保存后打开的页面"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("表单提交")
        verbose_name_plural = _("表单提交")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["token"], name="submission_unique_token")]

    def __str__(self):
        return str(self.token)


class PasswordChangeRequired(models.Model):
    """An account whose password was issued by someone else (portal.credentials): its holder must
    choose their own at the next login. The flag holds while the account still has the issued
    password (`password` is its hash); any change of password, by any page, lifts it."""

    user = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_change_required",
        verbose_name=_("用户"),
    )
    password = models.CharField(_("发放的初始密码（哈希）"), max_length=128)
    issued_at = models.DateTimeField(_("发放时间"), auto_now=True)

    class Meta:
        verbose_name = _("待修改初始密码")
        verbose_name_plural = _("待修改初始密码")
        ordering = ["user"]

    def __str__(self):
        return str(self.user)

    def holds(self):
        """True while the account still has the password that was issued."""
        return self.user.password == self.password
