from tests.matrix import ANY_USER, Case, codes

CASES = [
    Case("home", ANY_USER),
    Case("health", codes(200, 200, 200, 200, 200, anonymous=200), public=True),
    Case("login", codes(302, 302, 302, 302, 302, anonymous=200), public=True),
    # Logging out is a POST; everyone (even anonymous) is sent to the login page.
    Case("logout", codes(302, 302, 302, 302, 302, anonymous=302), method="post", public=True),
    Case("password_change", ANY_USER),
    Case("password_change_done", ANY_USER),
]
