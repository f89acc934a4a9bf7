"""The layout holds: imports flow devdata/overview -> reports -> branches -> portal, nothing imports
devdata or overview, and no two modules or packages of an app import each other (including imports
inside functions). The contracts are in pyproject.toml ([tool.importlinter]); import-linter checks
them, so `make test` and CI fail on a violation."""

import ast
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


def _imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_test_imports_a_conftest_or_another_test_module():
    """Builders live in tests/factories.py, fixtures in conftest.py files, helpers in plain modules
    (tests/forms.py, tests/clock.py, ...): a test module imports none of the others."""
    offenders = [
        (str(path.relative_to(ROOT)), module)
        for path in (ROOT / "tests").rglob("*.py")
        for module in _imported_modules(path)
        if module.startswith("tests.")
        and (module.rsplit(".", 1)[-1].startswith("test_") or module.endswith("conftest"))
    ]
    assert not offenders


def test_paginated_pages_share_one_pagination_partial():
    """Pages link to other pages only through templates/partials/pagination.html (its links keep
    the filters with {% querystring %}), so no view drops `page` from the query by hand."""
    templates = ROOT / "templates"
    own = templates / "partials" / "pagination.html"
    for path in templates.rglob("*.html"):
        if path != own and path.parts[-2] not in ("admin", "simple_history"):
            assert "previous_page_number" not in path.read_text(), path
    for app in CONFIG["root_packages"]:
        for path in (ROOT / app).rglob("*.py"):
            assert '.pop("page"' not in path.read_text(), path
