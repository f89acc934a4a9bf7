"""Without chromium the journeys skip with a reason, except in CI (REQUIRE_BROWSER=1): they fail."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_journey_without_chromium(**env):
    # In-memory SQLite: never the PostgreSQL test database the outer run is using.
    clean = {k: v for k, v in os.environ.items() if k not in {"REQUIRE_BROWSER", "DATABASE_URL"}}
    clean.update(CHROMIUM="/nonexistent/chromium", **env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/e2e/test_login.py::test_wrong_password_shows_chinese_error",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_journeys_skip_with_a_reason_when_chromium_is_missing():
    result = run_journey_without_chromium()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 skipped" in result.stdout
    assert "chromium not found at /nonexistent/chromium" in result.stdout


def test_journeys_fail_in_ci_when_chromium_is_missing():
    result = run_journey_without_chromium(REQUIRE_BROWSER="1")
    assert result.returncode != 0
    assert "REQUIRE_BROWSER=1 but chromium not found" in result.stdout
