"""The layout holds: imports flow devdata/overview -> reports -> branches -> portal, nothing imports
devdata or overview, and no two modules or packages of an app import each other (including imports
inside functions). The contracts are in pyproject.toml ([tool.importlinter]); import-linter checks
them, so `make test` and CI fail on a violation."""

import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_imports_keep_the_contracts():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_app_of_the_project_is_under_the_contracts():
    ours = {
        name.split(".")[0]
        for name in settings.INSTALLED_APPS
        if (ROOT / name.split(".")[0]).is_dir()
    }
    assert set(CONFIG["root_packages"]) == ours
    layered = {app for layer in CONFIG["contracts"][0]["layers"] for app in layer.split(" | ")}
    assert layered == ours
    assert set(CONFIG["contracts"][1]["ancestors"]) == ours
