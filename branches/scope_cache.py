"""The scope of a user (branches.scope) kept between requests, under the user's scope token.

`User.scope_token` is renewed in the same transaction as every change to what the user may see:
a row of any role model (a model with a `user` foreign key to the account: OrganizationRole,
DistrictReviewer and any role model added later) saved or deleted (in the portal, `/admin/`, a
history revert), and for every user when an organisation or school is saved or deleted (the
organisation tree and districts the scope is computed from). The token is read with the user on
every request (the session's user query), so a scope is never read after a change, on any app
server, whatever the cache. Superusers are never cached (their scope is constant).

The key also names today's date: a role row may start or end on a later day (a hand-over dated
ahead, OrganizationRole.starts_on/ends_on) without any row being saved on that day, so a scope
computed yesterday is never served today.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from portal.models import new_token

PREFIX = "scope"
TIMEOUT = 24 * 3600  # only to let a shared cache forget old tokens; never needed for correctness

# Models with a `user` key that do not decide what the user may see (written often).
NOT_ROLES = {"portal.submission", "branches.personaldatareveal", "branches.importpreview"}


def load(user, compute):
    """The user's scope: from the cache under their current token, else `compute(user)`
    (always computed when settings.SCOPE_CACHE is off)."""
    token = getattr(user, "scope_token", "")
    if not token or not getattr(settings, "SCOPE_CACHE", True):
        return compute(user)
    key = f"{PREFIX}:{user.pk}:{token}:{datetime.date.today().isoformat()}"
    scope = cache.get(key)
    if scope is None:
        scope = compute(user)
        cache.set(key, scope, TIMEOUT)
    return scope


def renew(user_ids=None):
    """A new scope token for these users (all users when None), in the caller's transaction."""
    User = apps.get_model(settings.AUTH_USER_MODEL)
    users = User.objects.all() if user_ids is None else User.objects.filter(pk__in=user_ids)
    users.update(scope_token=new_token())


def _role_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata: a backup restored with its users' tokens
    if instance.user_id:
        renew([instance.user_id])


def _tree_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    renew()  # rare (admins); a new branch under a 党委 joins its secretary's scope


def role_models():
    """Every model whose rows give a user access: a `user` foreign key to the account model."""
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        if model._meta.label_lower in NOT_ROLES or model.__name__.startswith("Historical"):
            continue
        try:
            field = model._meta.get_field("user")
        except Exception:  # noqa: BLE001 - no such field
            continue
        if getattr(field, "related_model", None) is User and field.many_to_one:
            yield model


def connect():
    for model in role_models():
        uid = f"scope-{model._meta.label_lower}"
        post_save.connect(_role_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_role_changed, sender=model, dispatch_uid=uid)
    for name in ("Organization", "School", "District"):
        model = apps.get_model("branches", name)
        post_save.connect(_tree_changed, sender=model, dispatch_uid=f"scope-{name}")
        post_delete.connect(_tree_changed, sender=model, dispatch_uid=f"scope-{name}")
