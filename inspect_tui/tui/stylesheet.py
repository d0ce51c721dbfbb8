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

Parsed CSS is also kept for the process, by its text, origin and the theme's variables
(Textual keeps it per stylesheet): switching the theme back, or a second app in the same
process (the tests start hundreds), parses nothing again. Textual treats parsed rules as
read-only once made, as its own cache shares them between parses.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet
from textual.dom import DOMNode

_PARSED: LRUCache[tuple, list[RuleSet]] = LRUCache(1024)


class NarrowStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._narrowed: list[RuleSet] | None = None
        self._by_names: dict[frozenset[str], list[RuleSet]] = {}
        self._built_from: object = None  # the rules map the lists above were made from
        self._variables_from: object = None
        self._variables_key: tuple = ()

    @property
    def rules(self) -> list[RuleSet]:
        if self._narrowed is not None:
            return self._narrowed
        return super().rules

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        if self._variables_from is not self._variables:  # set_variables replaces the dict
            self._variables_key = tuple(sorted(self._variables.items()))
            self._variables_from = self._variables
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._variables_key)
        rules = _PARSED.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            _PARSED[key] = rules
        return rules

    def reparse(self) -> None:
        # Textual's, but parsing in a stylesheet of this class (Textual's makes a plain
        # one): a new theme's CSS goes through the process's cache too.
        stylesheet = NarrowStylesheet(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            stylesheet.add_source(css, read_from=read_from, is_default_css=is_defaults,
                                  tie_breaker=tie_breaker, scope=scope)
        try:
            stylesheet.parse()
        except Exception:
            self._invalid_css.update(stylesheet._invalid_css)
            raise
        self._rules = stylesheet.rules
        self._rules_map = None
        self.source = stylesheet.source
        self._require_parse = False

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
