"""django-axes hooks: the username it records for a login attempt."""

from django.conf import settings

# User.username holds at most 150 characters; axes stores the attempted name in 255.
MAX_USERNAME = 150


def attempted_username(request, credentials=None):
    """The username typed into the login form, cut to a storable length and without NUL bytes.

    The login form does not enforce the username length before authenticating, so without this
    a 1000-character username made PostgreSQL refuse axes' record of the attempt (a 500).
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = request.POST.get(field) if request is not None else None
    if username is None:
        return None
    return str(username).replace("\x00", "")[:MAX_USERNAME]
