"""Every public service says what it takes and what it gives: each parameter and the return are annotated.

mypy (in `make test`) then checks the callers and the bodies against these signatures. Read from the
source, so that it holds for a module mypy is told to skip too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import comptoir

ROOT = Path(comptoir.__file__).parent


def _service_modules() -> list[Path]:
    return sorted(ROOT.glob("*/services.py")) + sorted(ROOT.glob("*/services/*.py"))


def _unannotated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    missing = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
            continue
        args = node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        bare = [param.arg for param in params if param is not None and param.annotation is None]
        where = f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name}"
        if bare:
            missing.append(f"{where}: parameters {', '.join(bare)}")
        if node.returns is None:
            missing.append(f"{where}: return")
    return missing


def test_public_services_are_annotated():
    modules = _service_modules()
    assert len(modules) > 10  # the globs found the services
    missing = [line for path in modules for line in _unannotated(path)]
    assert not missing, "Annotate these public services:\n" + "\n".join(missing)
