"""gunicorn's logger for the portal (`logger_class` in deploy/gunicorn.conf.py).

Access-log lines keep the method, path and parameter names but never a query string's values
(a roster search may carry a 身份证号 or a phone number), and every line, access or error, has
personal numbers masked like the Django logs (portal.logging).
"""

from gunicorn.glogging import Logger

from portal.logging import MaskPersonalDataFilter, mask_personal_data, redact_query

# Atoms that are a bare query string rather than a URL.
QUERY_ATOMS = {"q", "{query_string}e"}


def safe_atom(key, value):
    if not isinstance(value, str):
        return value
    if key in QUERY_ATOMS:
        return redact_query("?" + value)[1:]
    return mask_personal_data(redact_query(value))


class MaskedLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: safe_atom(key, value) for key, value in atoms.items()}

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, MaskPersonalDataFilter) for f in log.filters):
                log.addFilter(MaskPersonalDataFilter())
