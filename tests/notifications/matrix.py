"""Permission-matrix cases of the notifications pages (every URL name of `notifications`)."""

from notifications.models import Notification
from notifications.tokens import unsubscribe_token
from tests.matrix import ANY_USER, Case, codes

EVERYONE_REDIRECTED = codes(302, 302, 302, 302, 302)
# A notification is its user's own: nobody else opens it, admins included (404, not 403).
OWN_NOTIFICATION = codes(outsider=404, secretary_a=302, secretary_b=404, reviewer_d1=404, admin=404)
# The unsubscribe link works for whoever follows it, logged in or not.
PUBLIC = codes(200, 200, 200, 200, 200, anonymous=200)
BAD_LINK = codes(400, 400, 400, 400, 400, anonymous=400)


def _notification(world):
    notification = Notification.objects.create(
        user=world.secretary_a,
        organization=world.branch_a,
        key="matrix",
        kind="activity_due",
        title="11月 · 主题党日",
        url=f"/org/{world.branch_a.pk}/calendar/",
    )
    return {"pk": notification.pk}


def _token(world):
    return {"token": unsubscribe_token(world.secretary_a)}


CASES = [
    Case("notifications:list", ANY_USER),
    Case("notifications:open", OWN_NOTIFICATION, kwargs=_notification),
    Case("notifications:read_all", EVERYONE_REDIRECTED, method="post"),
    Case("notifications:settings", ANY_USER),
    Case(
        "notifications:settings",
        EVERYONE_REDIRECTED,
        method="post",
        data=lambda w: {"email_digest": "on"},
        id="notifications:settings-post",
    ),
    Case("notifications:unsubscribe", PUBLIC, kwargs=_token, public=True),
    Case(
        "notifications:unsubscribe",
        PUBLIC,
        kwargs=_token,
        method="post",
        public=True,
        id="notifications:unsubscribe-post",
    ),
    Case(
        "notifications:unsubscribe",
        BAD_LINK,
        kwargs=lambda w: {"token": "MQ:forged:signature"},
        public=True,
        id="notifications:unsubscribe-forged",
    ),
]
