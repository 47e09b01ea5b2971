"""Billing's services stay in one-way layers (see ``comptoir/billing/services/__init__.py``).

Read from the source with ``ast``, so that function-level imports count too: no import cycle inside
``comptoir.billing``, no service module importing another module's underscore name, and the other apps reach
billing only through ``comptoir.billing.services`` (the package), its ``selectors`` and its models.
"""

import ast
from pathlib import Path

import comptoir

ROOT = Path(comptoir.__file__).parent
BILLING = "comptoir.billing"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_modules(package: Path):
    for path in sorted(package.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield module_name(path), ast.parse(path.read_text(), str(path))


def imports(tree: ast.AST, package: str):
    """``(module imported, names imported)`` of every import statement, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + [base]).strip(".")
            yield base, [alias.name for alias in node.names]


def billing_graph() -> dict[str, set[str]]:
    modules = dict(source_modules(ROOT / "billing"))
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, tree in modules.items():
        for target, names in imports(tree, name):
            for candidate in [target] + [f"{target}.{n}" for n in names]:
                if candidate in modules and candidate != name:
                    graph[name].add(candidate)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_billing_has_no_import_cycle_even_through_function_level_imports():
    graph = billing_graph()
    assert "comptoir.billing.services.invoices" in graph  # the walk found the modules
    assert find_cycle(graph) is None


def test_no_billing_service_imports_an_underscore_name_of_another_module():
    found = [
        f"{name}: {target}.{imported}"
        for name, tree in source_modules(ROOT / "billing" / "services")
        for target, names in imports(tree, name)
        if target.startswith("comptoir.")
        for imported in names
        if imported.startswith("_") and not imported.startswith("__")
    ]
    assert found == []


def test_other_apps_reach_billing_through_its_services_selectors_and_models_only():
    public = {
        "comptoir.billing",
        "comptoir.billing.services",
        "comptoir.billing.selectors",
        "comptoir.billing.models",
        "comptoir.billing.totals",  # VAT rates and money helpers (pure)
    }
    found = []
    for app in sorted(p for p in ROOT.iterdir() if p.is_dir() and p.name != "billing"):
        for name, tree in source_modules(app):
            for target, names in imports(tree, name):
                if not target.startswith(BILLING):
                    continue
                if target not in public or any(n.startswith("_") for n in names):
                    found.append(f"{name}: {target} {names}")
    assert found == []
