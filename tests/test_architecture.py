"""The house's shape: the layer contracts in pyproject.toml hold, and no module of the
package takes part in an import cycle (imports under ``TYPE_CHECKING`` aside)."""

from __future__ import annotations

import logging
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_layer_contracts_hold(capsys):
    # lint_imports configures logging with dictConfig, which disables every logger it does
    # not name (ours among them): enable them again for the tests after this one.
    enabled = [lg for lg in logging.root.manager.loggerDict.values()
               if isinstance(lg, logging.Logger) and not lg.disabled]
    try:
        code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    finally:
        for logger in enabled:
            logger.disabled = False
    assert code == 0, capsys.readouterr().out[-3000:]


def _cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.find_modules_directly_imported_by(node) & modules:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_in_the_package():
    graph = grimp.build_graph("inspect_tui", exclude_type_checking_imports=True)
    modules = {m for m in graph.modules if m.startswith("inspect_tui")}
    cycles = _cycles(graph, modules)
    assert not cycles, f"import cycles: {cycles}"
