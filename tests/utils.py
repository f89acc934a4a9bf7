"""Small helpers for page tests. Count a page's queries with pytest-django's
`django_assert_num_queries`, a comment naming them:

    with django_assert_num_queries(7):  # session, user, role rows (2), the district, ...
        get_ok(client, url)
"""


def get_ok(client, url, data=None):
    """GET url (with query `data`) and check the page answered 200; returns the response."""
    response = client.get(url, data)
    assert response.status_code == 200, (url, response.status_code)
    return response
