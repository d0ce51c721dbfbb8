"""A stylesheet that looks only at the rules that can match a node.

Textual's ``Stylesheet.apply`` finds the rules for a node by the node's selector names (its
type, id and classes), and then keeps them in the stylesheet's order by walking *every*
rule of the app (about 250 here, Textual's widgets' and ours) and testing each against that
set. A screen applies styles 100 to 160 times as it opens (each widget, each of its
component classes, again on each change of focus or class), and the walk was most of the
cost of each apply: about a sixth of opening an inspection.

Here the rules a set of selector names can match are found once, in the stylesheet's order,
and kept until the rules change; ``apply`` itself is Textual's, handed that short list as
the stylesheet's rules while it runs. What it computes is the same: the same rules, in the
same order, go through the same matching and specificity.
"""

from __future__ import annotations

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode


class NarrowStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._narrowed: list[RuleSet] | None = None
        self._by_names: dict[frozenset[str], list[RuleSet]] = {}
        self._built_from: object = None  # the rules map the lists above were made from

    @property
    def rules(self) -> list[RuleSet]:
        if self._narrowed is not None:
            return self._narrowed
        return super().rules

    def copy(self) -> Stylesheet:
        stylesheet = NarrowStylesheet(variables=self._variables.copy())
        stylesheet.source = self.source.copy()
        return stylesheet

    def _candidates(self, node: DOMNode) -> list[RuleSet]:
        rules_map = self.rules_map  # parses if needed; rebuilt whenever the rules change
        if rules_map is not self._built_from:
            self._by_names.clear()
            self._built_from = rules_map
        names = frozenset(node._selector_names)
        found = self._by_names.get(names)
        if found is None:
            limit = {id(rule) for name in rules_map.keys() & names
                     for rule in rules_map[name]}
            found = [rule for rule in super().rules if id(rule) in limit]
            self._by_names[names] = found
        return found

    def apply(self, node: DOMNode, *, animate: bool = False,
              cache: dict | None = None) -> None:
        # Nested applies (a widget's component classes) narrow for their own node and
        # give the outer list back after.
        outer = self._narrowed
        self._narrowed = self._candidates(node)
        try:
            super().apply(node, animate=animate, cache=cache)
        finally:
            self._narrowed = outer
