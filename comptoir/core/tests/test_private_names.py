"""Apps never use another app's private names (import-linter sees modules, not names, so this test reads
the code): no ``from comptoir.<other app>... import _name``, no ``module._name`` on another app's module,
no import of another app's private module (``_common``). Inside billing the rule holds between modules
too, as billing is laid out in layers that meet through public names only.

An exception is listed in ``KNOWN`` with the change that removes it; an entry that no longer matches
the code fails the test, so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import comptoir

ROOT = Path(comptoir.__file__).parent

# Apps whose modules must not use each other's private names either.
STRICT_INSIDE = {"billing"}

# (importing module, private name used) pairs tolerated until the change in the comment lands.
KNOWN = {
    # known: removed by the shared view plumbing (issue 11, point 5: load-or-404 scoped by place).
    ("comptoir.billing.draft_views", "comptoir.billing.views._invoice_or_404"),
}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str) -> bool:
    """Whether ``comptoir.x.y`` names a module or package of the project (not a class or function)."""
    relative = Path(*dotted.split(".")[1:])
    return (ROOT / relative).with_suffix(".py").is_file() or (ROOT / relative / "__init__.py").is_file()


def _owner(dotted: str) -> tuple[str, str]:
    """(app, module) of a project name: ``comptoir.billing.services.invoices._issue`` ->
    ``("billing", "comptoir.billing.services.invoices")``."""
    parts = dotted.split(".")
    while len(parts) > 2 and not _is_module(".".join(parts)):
        parts.pop()
    return dotted.split(".")[1], ".".join(parts)


def _code_files() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.relative_to(ROOT).parts and "migrations" not in path.relative_to(ROOT).parts
    ]


def _used_names(path: Path) -> list[tuple[int, str]]:
    """Every project name this module imports or reaches as a module attribute, fully qualified."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(), filename=str(path))
    aliases: dict[str, str] = {}
    used: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([source] if source else []))
            if source != "comptoir" and not source.startswith("comptoir."):
                continue
            for alias in node.names:
                full = f"{source}.{alias.name}"
                aliases[alias.asname or alias.name] = full
                used.append((node.lineno, full))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("comptoir."):
                    used.append((node.lineno, alias.name))
                    if alias.asname:
                        aliases[alias.asname] = alias.name
                    else:
                        aliases["comptoir"] = "comptoir"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            chain = []
            value: ast.expr = node.value
            while isinstance(value, ast.Attribute):
                chain.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases:
                owner = ".".join([aliases[value.id], *reversed(chain)])
                if _is_module(owner):  # `Model._meta` on a class is Django's public API, not a module's name
                    used.append((node.lineno, f"{owner}.{node.attr}"))
    return used


def _breaks_rule(module: str, full: str) -> bool:
    """Whether ``module`` may not use the project name ``full``."""
    app = module.split(".")[1]
    target_app, target_module = _owner(full)
    if not any(_is_private(part) for part in full.split(".")[2:]):
        return False
    if target_app != app:
        return True  # another app's private name or private module
    # inside a strict app, another module's private name
    return app in STRICT_INSIDE and target_module != module and _is_private(full.rpartition(".")[2])


def _violations() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for path in _code_files():
        module = _module_name(path)
        if module.count(".") == 0:
            continue
        for line, full in _used_names(path):
            if _breaks_rule(module, full):
                found[(module, full)] = f"{path.relative_to(ROOT.parent)}:{line}"
    return found


def test_no_private_names_across_apps():
    found = _violations()
    new = sorted(
        f"{where}: {module} uses {name}" for (module, name), where in found.items() if (module, name) not in KNOWN
    )
    assert not new, "Private names used across apps (make them public, or move them):\n" + "\n".join(new)


def test_known_exceptions_still_exist():
    gone = sorted(KNOWN - set(_violations()))
    assert not gone, "Fixed: delete these entries from KNOWN:\n" + "\n".join(map(str, gone))


def test_the_check_sees_each_form_of_private_use(monkeypatch):
    """The walk recognises the three forms (guards the test itself against reading nothing)."""
    sample = ROOT / "coworking" / "services.py"
    tree_text = (
        "from comptoir.billing.services.invoices import _issue\n"
        "from comptoir.billing.services import payments\n"
        "import comptoir.spaces.services.bookings as bookings\n"
        "from comptoir.mediation.services._common import x\n"
        "from comptoir.places.models import Place\n"
        "payments._payment_record\n"
        "bookings._lock\n"
        "Place._meta\n"
    )
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: tree_text)
    names = {full for _, full in _used_names(sample)}
    assert {
        "comptoir.billing.services.invoices._issue",
        "comptoir.billing.services.payments._payment_record",
        "comptoir.spaces.services.bookings._lock",
        "comptoir.mediation.services._common.x",
    } <= names
    assert "comptoir.places.models.Place._meta" not in names
    assert _breaks_rule("comptoir.coworking.services", "comptoir.billing.services.invoices._issue")
    assert _breaks_rule("comptoir.coworking.services", "comptoir.mediation.services._common.x")
    assert _breaks_rule("comptoir.billing.services.run", "comptoir.billing.services.invoices._issue")
    assert not _breaks_rule("comptoir.billing.services.invoices", "comptoir.billing.services.invoices._issue")
    assert not _breaks_rule("comptoir.spaces.services.series", "comptoir.spaces.services.bookings._lock")
