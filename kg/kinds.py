"""Deal kinds as data: ``rules/kinds.yaml`` says what a deal of each kind means.

One file, read by everything that needs a kind's meaning: the relation rules (which kinds
exist), the CLI (``--kind`` choices), the money analysis (financing, supply, direction), the
graph page (colours) and the merging of deals told two ways (merge groups). A ``--rules``
folder's ``kinds.yaml`` adds kinds (or changes a field of a bundled one), like any rule file.

>>> k = deal_kinds()
>>> k.names[:3]
('investment', 'purchase', 'lease')
>>> k["loan"].describe("HSBC", "Cathay")
'HSBC lends to Cathay'
>>> k.financing, k.directionless
(('investment', 'warrant', 'loan'), ('partnership',))
>>> k.compatible("purchase", "lease"), k.compatible("purchase", "loan"), k.compatible("loan", "partnership")
(True, False, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import rules
from .errors import RuleError

_FIELDS = {"wording", "payer", "payee", "directed", "financing", "supply", "colour", "merge_group"}
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Kind:
    """One deal kind (see the comments of ``rules/kinds.yaml``)."""

    name: str
    wording: str
    payer_role: str
    payee_role: str
    directed: bool = True
    financing: bool = False
    supply: bool = False
    colour: str = "#666666"
    merge_group: str = ""

    def describe(self, payer: str, payee: str) -> str:
        """The deal in words: ``Nvidia invests in OpenAI``."""
        return self.wording.format(payer=payer, payee=payee)


@dataclass(frozen=True)
class KindTable:
    """Every deal kind, in the file's order."""

    kinds: tuple[Kind, ...]

    def __getitem__(self, name: str) -> Kind:
        for k in self.kinds:
            if k.name == name:
                return k
        raise KeyError(name)

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.kinds)

    def __contains__(self, name: object) -> bool:
        return any(k.name == name for k in self.kinds)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.kinds)

    @property
    def directionless(self) -> tuple[str, ...]:
        """Kinds with no direction of payment (partnership)."""
        return tuple(k.name for k in self.kinds if not k.directed)

    @property
    def flow(self) -> tuple[str, ...]:
        """Kinds whose money goes from payer to payee (every directed kind)."""
        return tuple(k.name for k in self.kinds if k.directed)

    @property
    def financing(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.kinds if k.financing)

    @property
    def supply(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.kinds if k.supply)

    @property
    def colours(self) -> dict[str, str]:
        return {k.name: k.colour for k in self.kinds}

    @property
    def roles(self) -> dict[tuple[str, str], str]:
        """(kind, "in") -> the role of a counterparty that pays the entity; (kind, "out") -> of one it pays."""
        out: dict[tuple[str, str], str] = {}
        for k in self.kinds:
            out[(k.name, "in")] = k.payer_role
            out[(k.name, "out")] = k.payee_role
        return out

    def related(self, a: str, b: str) -> bool:
        """Two different kinds of one merge group (a purchase and a lease)."""
        if a == b or a not in self or b not in self:
            return False
        ga, gb = self[a].merge_group, self[b].merge_group
        return bool(ga) and ga == gb and ga != "any"

    def compatible(self, a: str, b: str) -> bool:
        """May a deal of kind *a* and one of kind *b* be the same deal? (same kind, related
        kinds, or one of a kind that merges with any)"""
        if a == b or self.related(a, b):
            return True
        return any(k in self and self[k].merge_group == "any" for k in (a, b))


@rules.derived
@rules.loader("kinds.yaml")
def deal_kinds() -> KindTable:
    """The deal kinds of the active rule set (``rules/kinds.yaml`` and ``--rules`` additions)."""
    path = rules.active().base / "kinds.yaml"
    data = rules.load("kinds.yaml")
    table = data.get("kinds") if isinstance(data, dict) else None
    if not isinstance(table, dict) or not table:
        raise RuleError("expected a mapping 'kinds:' of kind name to its fields", path=str(path))
    out = []
    for name, f in table.items():
        rules.check_keys(f, _FIELDS, {"wording", "payer", "payee"}, path=path, what=f"kind {name!r}")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z_]*", name):
            raise RuleError(f"kind {name!r}: a kind is a lower-case word (investment, loan)", path=str(path))
        colour = f.get("colour", "#666666")
        if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
            raise RuleError(f"kind {name!r}: colour {colour!r} must be like '#2e9e44'", path=str(path))
        try:
            f["wording"].format(payer="A", payee="B")
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise RuleError(
                f"kind {name!r}: wording {f['wording']!r} may use only {{payer}} and {{payee}}", path=str(path)
            ) from exc
        for flag in ("directed", "financing", "supply"):
            if flag in f and not isinstance(f[flag], bool):
                raise RuleError(f"kind {name!r}: {flag} must be true or false", path=str(path))
        out.append(
            Kind(
                name=name,
                wording=str(f["wording"]),
                payer_role=str(f["payer"]),
                payee_role=str(f["payee"]),
                directed=f.get("directed", True),
                financing=f.get("financing", False),
                supply=f.get("supply", False),
                colour=colour,
                merge_group=str(f.get("merge_group", "")),
            )
        )
    return KindTable(tuple(out))
