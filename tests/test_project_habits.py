"""Habits of a maintained project, checked on the code itself.

- Every third-party module the code imports directly is pinned with `==` in requirements.txt (what `make`
  installs) and in pyproject.toml (its dependencies or an extra), so `pip install -e .[...]` and `make` agree.
- No test or script edits `sys.path`: the shared helpers are importable because `pip install -e .` installs
  them (`scripts` is a package; tests/ is on pytest's `pythonpath`).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("coach", "views", "pages", "scripts", "tests")
LOCAL = {"coach", "views", "pages", "scripts", "lexicons", "app"}
SCRIPTS = {p.stem for p in (ROOT / "scripts").glob("*.py")} - {"__init__"}
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*[^\s#;]+")


def python_files() -> list[Path]:
    """Return the project's Python files (package, front-ends, scripts, tests)."""
    files = [ROOT / "app.py"]
    for folder in CODE_DIRS:
        files += [p for p in (ROOT / folder).rglob("*.py") if ".venv" not in p.parts]
    return files


def imported_modules(source: str) -> set[str]:
    """Return the top-level names a module imports absolutely (relative imports are the package's own)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def normalise(name: str) -> str:
    """Return a distribution name as pip compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_in_requirements() -> set[str]:
    """Return the distributions requirements.txt pins with ==."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return {normalise(m.group(1)) for line in lines if (m := PIN.match(line))}


def pinned_in_pyproject() -> set[str]:
    """Return the distributions pyproject.toml pins with ==, in its dependencies and every extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"]) + [s for extra in project["optional-dependencies"].values() for s in extra]
    return {normalise(m.group(1)) for s in specs if (m := PIN.match(s))}


def third_party_imports() -> dict[str, set[str]]:
    """Return each third-party distribution the code imports, with the files importing it."""
    local = LOCAL | SCRIPTS | {p.stem for p in (ROOT / "tests").glob("*.py")}  # tests import their helpers by name
    dists = packages_distributions()
    found: dict[str, set[str]] = {}
    for path in python_files():
        for module in imported_modules(path.read_text(encoding="utf-8")):
            if module in sys.stdlib_module_names or module in local or module == "__future__":
                continue
            for dist in dists.get(module, [module]):
                found.setdefault(normalise(dist), set()).add(str(path.relative_to(ROOT)))
    return found


IMPORTS = third_party_imports()
# Imported only by the benchmark scripts, pinned in requirements-bench.txt and the `bench` extra.
BENCH_ONLY = {"proselint"}


@pytest.mark.parametrize("dist", sorted(IMPORTS))
def test_every_direct_import_is_pinned_in_requirements_and_pyproject(dist):
    where = ", ".join(sorted(IMPORTS[dist])[:3])
    if dist in BENCH_ONLY:
        bench = (ROOT / "requirements-bench.txt").read_text(encoding="utf-8").splitlines()
        assert dist in {normalise(m.group(1)) for line in bench if (m := PIN.match(line))}, where
    else:
        assert dist in pinned_in_requirements(), f"{dist} (imported by {where}) is not pinned in requirements.txt"
    assert dist in pinned_in_pyproject(), f"{dist} (imported by {where}) is not pinned in pyproject.toml"


def test_the_import_scan_sees_the_pinned_libraries_and_the_check_catches_a_missing_pin():
    assert {"spacy", "pyyaml", "pandas", "pyphen", "textblob", "tqdm", "pytest"} <= set(IMPORTS)
    assert imported_modules("import a.b\nfrom c.d import e\nfrom . import f\nfrom .g import h") == {"a", "c"}
    assert "no-such-dist-anywhere" not in pinned_in_requirements() | pinned_in_pyproject()
    assert PIN.match("psycopg[binary]==3.3.9").group(1) == "psycopg" and not PIN.match("spacy>=3")


SYS_PATH = re.compile(r"\bsys\.path\b")


def test_no_test_or_script_edits_sys_path():
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in python_files()
        if p.resolve() != Path(__file__).resolve()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if SYS_PATH.search(line)
    ]
    assert offenders == [], "import shared helpers as scripts.NAME (installed by pip install -e .) instead"


def test_scripts_import_each_other_through_the_package():
    bare = [
        f"{p.relative_to(ROOT)} imports {name}"
        for p in python_files()
        for name in imported_modules(p.read_text(encoding="utf-8")) & SCRIPTS
    ]
    assert bare == [], "write `from scripts.NAME import ...`: a bare sibling import works only from scripts/"


def test_the_scripts_helpers_import_as_an_installed_package():
    from scripts.bench_corpus import email_corpus
    from scripts.measure_revision_drafts import judge

    assert callable(judge) and len(email_corpus(2, words=40)) == 2
    assert Path(sys.modules["scripts"].__file__).resolve() == ROOT / "scripts" / "__init__.py"
