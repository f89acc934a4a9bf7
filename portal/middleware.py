"""Response headers the portal adds on top of Django's SecurityMiddleware."""

from django.conf import settings


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
