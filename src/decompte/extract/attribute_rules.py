"""The attribute ruler's matches found by looking tokens up, not by running spaCy's ``Matcher``.

``en_core_web_sm``'s attribute ruler holds 179 rules of one or two tokens, each testing a
token's tag, lower-case form, dependency or whitespace for equality or membership
(« TAG = VBZ », « LOWER in {that, if…} »). Spacy's ``Matcher`` tries all of them at every
token: a fifth of the English pipeline's time. ``RuleIndex`` finds exactly the same matches
(rule, start, end) by looking each token's tag and lower-case form up in tables of the rules
that test them; the ruler then sets the attributes as before, in the same order, so every
token ends with the same POS, morphology, lemma and tag. A rule of any other shape leaves
the ruler as it is (``speed_up`` returns ``False``).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

NAMES = ("TAG", "LOWER", "DEP", "IS_SPACE", "POS")
"""The token attributes a rule may test (``tag_``, ``lower_``, ``dep_``, ``is_space``, ``pos_``), read once per token."""

Test = tuple[int, str, Any]  # (feature index, "=" | "IN" | "NOT_IN" | "REGEX", value, set or pattern)
Rule = tuple[int, int, tuple[tuple[Test, ...], ...]]  # (rule number, match id, one test tuple per token)


def _tests(spec: dict[str, Any]) -> tuple[Test, ...] | None:
    tests: list[Test] = []
    for attr, value in spec.items():
        if attr not in NAMES:
            return None
        at = NAMES.index(attr)
        if isinstance(value, (str, bool)):
            tests.append((at, "=", value))
        elif isinstance(value, dict) and len(value) == 1 and isinstance(value.get("REGEX"), str) and attr != "IS_SPACE":
            tests.append((at, "REGEX", re.compile(value["REGEX"])))  # the Matcher's REGEX: re.search
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
            (op, values), = value.items()
            if not all(isinstance(v, (str, bool)) for v in values):
                return None
            tests.append((at, op, frozenset(values)))
        else:
            return None
    return tuple(tests)


def _holds(tests: tuple[Test, ...], features: tuple[Any, ...]) -> bool:
    for at, op, value in tests:
        found = features[at]
        if op == "=":
            if found != value:
                return False
        elif op == "REGEX":
            if not value.search(found):
                return False
        elif (found in value) != (op == "IN"):
            return False
    return True


class RuleIndex:
    """The ruler's patterns, each filed under a value its first token must have (« TAG = VBZ »,
    each word of « LOWER in {that, if…} »); the few that need no value are tried everywhere."""

    def __init__(self, rules: list[Rule]) -> None:
        self.by_value: tuple[dict[Any, list[Rule]], ...] = tuple({} for _ in NAMES)
        self.unfiled: list[Rule] = []
        for rule in rules:
            key = next(((at, op, value) for at, op, value in rule[2][0] if op in ("=", "IN")), None)
            if key is None:
                self.unfiled.append(rule)
                continue
            at, op, value = key
            for one in (value,) if op == "=" else sorted(value, key=repr):
                self.by_value[at].setdefault(one, []).append(rule)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The ruler's ``match``: (rule number, match id, start, end) for every match, sorted."""
        features = [(t.tag_, t.lower_, t.dep_, t.is_space, t.pos_) for t in doc]  # in the order of NAMES
        found: set[tuple[int, int, int, int]] = set()
        tables = self.by_value
        for i, own in enumerate(features):
            candidates = [rule for at, table in enumerate(tables) for rule in table.get(own[at], ())]
            for number, match_id, specs in [*candidates, *self.unfiled]:
                end = i + len(specs)
                if end <= len(features) and all(_holds(tests, features[i + k]) for k, tests in enumerate(specs)):
                    found.add((number, match_id, i, end))
        return sorted(found)


def speed_up(ruler: Any) -> bool:
    """Give the attribute ruler ``RuleIndex.match`` if every one of its rules can be filed; else leave it."""
    rules: list[Rule] = []
    for number, pattern in enumerate(ruler.patterns):
        match_id = ruler.vocab.strings[str(number)]
        for token_specs in pattern["patterns"]:
            if not isinstance(token_specs, list) or not token_specs:
                return False
            specs = [_tests(spec) for spec in token_specs]
            if any(s is None for s in specs):
                return False
            rules.append((number, match_id, tuple(s for s in specs if s is not None)))
    ruler.match = RuleIndex(rules).match
    return True
