from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    """GET url and return (response, number of SQL queries it ran)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, len(ctx.captured_queries)


def query_log(ctx):
    return "\n".join(q["sql"] for q in ctx.captured_queries)
