"""No log line carries a 身份证号 or a phone number: not Django's, not gunicorn's access log, even
when a search URL holds one (in any spelling a browser sends)."""

import datetime
import io
import logging
import runpy
import threading
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.wsgi import get_wsgi_application
from gunicorn.config import Config

from portal.logging import mask_personal_data, redact_query

ROOT = Path(__file__).resolve().parents[2]
ID_NUMBER = "320411198001011234"
MOBILE = "13812345678"

# What a browser puts in a query string when someone types a number into a search box.
SEARCHES = [
    f"q={ID_NUMBER}",
    f"q={ID_NUMBER[:-1]}x",
    f"q={quote('王丽先')}{ID_NUMBER}",  # typed right after a name: %E5...%88 then the digits
    f"q={ID_NUMBER[:6]}+{ID_NUMBER[6:14]}+{ID_NUMBER[14:]}",
    f"q={MOBILE}&page=2",
    f"q={MOBILE[:3]}+{MOBILE[3:7]}+{MOBILE[7:]}",
    f"q={MOBILE[:3]}-{MOBILE[3:7]}-{MOBILE[7:]}",
    f"q=%2B86{MOBILE}",
    f"q={quote('电话')}%20{MOBILE}",
]
FULL = [ID_NUMBER, ID_NUMBER[:-1] + "x", MOBILE, ID_NUMBER[6:14] + "+" + ID_NUMBER[14:]]


def assert_clean(text):
    for secret in (ID_NUMBER, ID_NUMBER[:-1] + "x", MOBILE, ID_NUMBER[6:14], MOBILE[3:7] + "+"):
        assert secret not in text, text


@pytest.mark.parametrize("query", SEARCHES)
def test_the_masking_filter_catches_numbers_in_every_spelling_of_a_url(query):
    line = f'"GET /org/1/members/?{query} HTTP/1.1" 200 5120'
    assert_clean(mask_personal_data(line))
    assert_clean(redact_query(line))


def test_redacting_keeps_the_path_and_parameter_names():
    line = f'"GET /org/7/members/?q={ID_NUMBER}&page=2 HTTP/1.1" 200'
    assert redact_query(line) == '"GET /org/7/members/?q=*&page=* HTTP/1.1" 200'
    assert (
        mask_personal_data("0519-86123456 与 2026-11-21 13:05")
        == "0519-****3456 与 2026-11-21 13:05"
    )


def _console_output(logger_name):
    """Swap the stream of the masking console handler; returns (StringIO, restore)."""
    handler = logging.getLogger(logger_name).handlers[0]
    stream = io.StringIO()
    old = handler.setStream(stream)
    return stream, lambda: handler.setStream(old)


@pytest.mark.parametrize("query", SEARCHES)
def test_a_django_log_record_of_a_served_search_url_holds_no_number(query):
    """Serve one request with Django's own development server and read what it logged."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.handle_request)
    logger = logging.getLogger("django.server")
    level = logger.level
    logger.setLevel(logging.INFO)  # production logs WARNING and up; the request line is INFO
    stream, restore = _console_output("django.server")
    try:
        thread.start()
        url = f"http://127.0.0.1:{server.server_address[1]}/org/1/members/?{query}"
        opener = urllib.request.build_opener(NoRedirect)
        opener.open(url, timeout=10).close()  # anonymous: a redirect to the login page
        thread.join(10)
    finally:
        restore()
        logger.setLevel(level)
        server.server_close()
    output = stream.getvalue()
    assert "GET /org/1/members/?q=*" in output and "302" in output
    assert_clean(output)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def _gunicorn_logger(tmp_path):
    """gunicorn's logger as deploy/gunicorn.conf.py configures it, writing to a file."""
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    cfg = Config()
    for name in ("logger_class", "access_log_format", "loglevel"):
        cfg.set(name, settings[name])
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    return cfg.logger_class(cfg)


@pytest.mark.parametrize("query", SEARCHES)
def test_gunicorns_access_log_line_of_a_search_url_holds_no_number(tmp_path, query):
    log = _gunicorn_logger(tmp_path)
    path = "/org/1/members/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://portal.example.edu.cn{path}?{query}",
    }
    response = SimpleNamespace(status="200 OK", sent=5120, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    log.access(response, request, environ, datetime.timedelta(milliseconds=35))
    line = (tmp_path / "access.log").read_text()
    assert line.startswith('127.0.0.1 "GET /org/1/members/?q=*') and " 200 5120 " in line
    assert_clean(line)
    # Every atom a custom format could name is clean as well.
    atoms = log.atoms(response, request, environ, datetime.timedelta(milliseconds=35))
    assert_clean(" ".join(str(value) for value in atoms.values()))


def test_gunicorns_error_log_masks_numbers(tmp_path):
    log = _gunicorn_logger(tmp_path)
    log.error("Invalid request: GET /members/%s/", ID_NUMBER)
    log.warning("worker timeout serving phone=%s", MOBILE)
    text = (tmp_path / "error.log").read_text()
    assert "3204**********1234" in text and "138****5678" in text
    assert_clean(text)
