"""The unsubscribe link of a digest: a signed user id (django.core.signing with SECRET_KEY), so it
works without logging in and cannot be made up for another user. It does not expire: the link of
an old message still unsubscribes."""

from django.contrib.auth import get_user_model
from django.core import signing

SALT = "notifications.unsubscribe"


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=SALT)


def user_for_token(token):
    """The active user the token was made for, or None for a bad or tampered token."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
