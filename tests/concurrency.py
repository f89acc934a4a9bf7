"""Requests sent at the same moment from separate browsers, each in its own thread with its own
database connection (use in `django_db(transaction=True)` tests, so the threads see the data)."""

import threading

from django.db import connections
from django.test import Client


def post_at_once(posts):
    """posts: [(user, url, data)], sent together. Returns ([(status, Location)], clients); an
    exception a request raised stands in place of its status."""
    clients = []
    for user, _url, _data in posts:
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def send(index):
        _user, url, data = posts[index]
        try:
            barrier.wait()
            response = clients[index].post(url, data)
            results[index] = (response.status_code, response.get("Location"))
        except Exception as error:  # recorded, so the test shows it
            results[index] = (error, None)
        finally:
            connections.close_all()  # this thread's connections only

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, clients


def pages_after(clients, results):
    """The page each client was sent to, with its messages."""
    return [
        client.get(location).content.decode()
        for client, (_status, location) in zip(clients, results, strict=True)
    ]
