"""gunicorn settings for the portal: `gunicorn -c deploy/gunicorn.conf.py portal.wsgi`.

Everything can be overridden from the environment (the systemd unit reads /etc/portal/portal.env).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request holds one worker; pages are short, database-bound requests.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound. Not too often: a new
# worker imports and sets up Django again (1-2 s of CPU) while requests wait; at 2,000 requests
# the recycling alone gave /health/ a p99 of 1-2 s and cost a third of its throughput at 1,000
# requests/s (BENCHMARKS.md). (preload_app would make a new worker a cheap fork, but then
# `systemctl reload` would no longer load new code: DEPLOY.md's updates rely on it.)
max_requests = 20000
max_requests_jitter = 2000
# nginx on the same machine terminates TLS; trust its X-Forwarded-* headers only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The access log shows paths (numeric ids) and status codes, never form data; query strings keep
# their parameter names only and personal numbers are masked in every line (portal/gunicorn_log.py).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss'
logger_class = "portal.gunicorn_log.MaskedLogger"
proc_name = "party-branch-portal"
