"""Bad input on the portal's own forms (login, password change) never gives a 500 or a session."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Random text with control characters, surrogates excluded (browsers cannot send them), up to
# huge lengths.
junk = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=200),
    st.text(st.sampled_from("\x00\x01\x1f\x7f\u200b\ufeff'\"<>;--%_"), max_size=50),
    st.builds(lambda n: "密" * n, st.integers(min_value=1000, max_value=100_000)),
)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(username=junk, password=junk)
def test_login_form_survives_any_input(world, client, username, password):
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session


@FUZZ
@given(old=junk, new=junk)
def test_password_change_survives_any_input_and_keeps_the_password(world, client_for, old, new):
    client = client_for(world.secretary_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200  # the form comes back with a message
    world.secretary_a.refresh_from_db()
    assert world.secretary_a.check_password("pass-for-tests-2026")


@pytest.mark.parametrize("path", ["/org/99999999999999999999/", "/org/-1/", "/org/%00/"])
def test_absurd_ids_in_urls_are_404(path, world, client_for):
    assert client_for(world.admin).get(path).status_code == 404
