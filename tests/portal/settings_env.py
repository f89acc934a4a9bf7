"""Read the settings in a fresh interpreter with a given environment (portal/settings.py reads
everything from the environment once, at import)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Variables of the shell the tests run in that would change the settings under test.
SETTINGS_VARIABLES = {
    "SECRET_KEY",
    "DJANGO_DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "SESSION_ENGINE",
    "DB_TRANSACTION_POOLING",
}


def run_settings(env, expr):
    """Import portal.settings with `env` (on a clean copy of this environment) and print
    repr((expr,)); returns the CompletedProcess."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    clean.update(env)
    code = f"import portal.settings as s; print(repr(({expr},)))"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
