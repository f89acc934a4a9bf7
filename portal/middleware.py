"""The portal's middleware: response headers on top of Django's SecurityMiddleware, and the first
login's password change."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from portal.credentials import SESSION_KEY
from portal.models import PasswordChangeRequired


def content_security_policy(get_response):
    """Send settings.CONTENT_SECURITY_POLICY on every response that does not set its own.

    The policy allows scripts, styles, fonts and images from the portal's own origin only: no
    inline <script> code, no style="..." attributes, no CDN (see portal/settings.py).
    """
    header = "; ".join(
        f"{directive} {' '.join(sources)}"
        for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
    )

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", header)
        return response

    return middleware


def _exempt_paths():
    return {
        reverse("password_change"),
        reverse("password_change_done"),
        reverse("logout"),
        reverse("login"),
    }


def password_change_required(get_response):
    """Send a flagged account to Django's password change page until it has changed its password.

    The session holds the auth hash of the issued password (note_login); once the password
    changes (the hash differs), the flag is lifted for good."""

    def middleware(request):
        issued_hash = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if issued_hash and request.user.is_authenticated:
            if request.user.get_session_auth_hash() != issued_hash:
                del request.session[SESSION_KEY]
                PasswordChangeRequired.objects.filter(user=request.user).delete()
            elif request.path not in _exempt_paths():
                return redirect("password_change")
        return get_response(request)

    return middleware
