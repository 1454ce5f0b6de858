"""The gazetteer: known organisations and people, loaded from ``rules/entities/*.yaml``.

Each record has a canonical ``name``, a ``type``, optional ``tickers`` and
``aliases`` in any script, and optional ``weak_aliases`` (aliases that are
also ordinary words, accepted only when the segmenter isolates them).
Aliases are indexed by a *key*: Simplified script, half-width, ASCII lower
case, so one index serves both scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from .. import rules
from ..errors import RuleError
from .literals import start_chars
from .normalize import fold_width, to_simplified

TYPES = {"company", "bank", "fund", "government", "person", "other"}
PARTY_TYPES = {"company", "bank", "fund", "government"}
_FIELDS = {"name", "type", "tickers", "aliases", "weak_aliases", "note"}
_ASCII_LOWER = {i: i + 32 for i in range(65, 91)}
_LATIN = re.compile(r"[A-Za-z0-9]")
_RESOLVED_MAX = 65536  # texts whose record Gazetteer.resolve remembers


def key(s: str) -> str:
    """Index key of an alias or a text: Simplified, half-width, ASCII lower case (same length).

    >>> key("輝達") == key("辉达"), key("ＮＶＩＤＩＡ")
    (True, 'nvidia')
    """
    s = to_simplified(fold_width(s))
    # str.translate looks every character up in the table: only the capitals are
    return _ASCII_UPPER.sub(_lower, s) if not s.isascii() else s.translate(_ASCII_LOWER)


_ASCII_UPPER = start_chars(re.compile("[A-Z]+"))


def _lower(m: re.Match) -> str:
    return m.group().translate(_ASCII_LOWER)


@dataclass
class EntityRecord:
    name: str
    type: str
    tickers: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    source: str = ""
    line: int | None = None  # of the record in its source file
    extended_in: str = ""  # the user file (and line) that added tickers or aliases to it

    def where(self) -> str:
        out = f"{self.source} line {self.line}" if self.line else self.source
        return f"{out}, extended in {self.extended_in}" if self.extended_in else out


@dataclass(frozen=True)
class AliasInfo:
    name: str
    alias: str
    weak: bool
    case_sensitive: bool  # short all-caps Latin aliases and tickers must match exactly
    latin: bool


class Gazetteer:
    """Alias index and automaton over the gazetteer records."""

    def __init__(self, records: list[EntityRecord]):
        self.records = {r.name: r for r in records}
        self.tickers: dict[str, str] = {}
        owner_of: dict[str, EntityRecord] = {}  # upper-case ticker -> record
        for r in records:
            for t in r.tickers:
                prev = owner_of.setdefault(t.upper(), r)
                if prev is not r:
                    raise RuleError(
                        f"ticker {t!r} of {r.name!r} ({r.where()}) is already a ticker of "
                        f"{prev.name!r} ({prev.where()}); expected one entity per ticker",
                        path=r.source,
                        line=r.line,
                    )
                self.tickers[t] = r.name
        self._numeric = {t.lstrip("0"): n for t, n in self.tickers.items() if t.isdigit()}
        self.index: dict[str, AliasInfo] = {}
        for r in records:
            forms = [(a, False) for a in [r.name, *r.aliases]] + [(a, True) for a in r.weak_aliases]
            forms += [(t, False) for t in r.tickers if not t.isdigit()]
            for alias, weak in forms:
                alias = str(alias).strip()
                if not alias:
                    continue
                k = key(alias)
                latin = bool(_LATIN.match(k[0])) or bool(_LATIN.match(k[-1]))
                cs = (alias in r.tickers) or (alias.isupper() and alias.isascii() and len(alias) <= 5)
                info = AliasInfo(r.name, alias, weak, cs, latin)
                prev = self.index.get(k)
                if prev and prev.name != r.name:
                    other = self.records[prev.name]
                    raise RuleError(
                        f"alias {alias!r} of {r.name!r} ({r.where()}) is already an alias of "
                        f"{prev.name!r} ({other.where()}); expected each alias to name one entity",
                        path=r.source,
                        line=r.line,
                    )
                if prev is None or (prev.case_sensitive and not cs):
                    self.index[k] = info
        self.automaton = ahocorasick.Automaton()
        for k, info in self.index.items():
            self.automaton.add_word(k, (k, info))
        self.automaton.make_automaton()

    def by_ticker(self, ticker: str) -> str | None:
        """Entity name for a ticker; numeric codes match without leading zeros (00011 = 0011)."""
        name = self.tickers.get(ticker) or self.tickers.get(ticker.upper())
        if name is None and ticker.isdigit():
            name = self._numeric.get(ticker.lstrip("0"))
        return name

    def is_party(self, name: str | None, etype: str | None = None) -> bool:
        """Can this entity pay or be paid? Organisations yes; people, media and exchanges no."""
        t = etype or (self.records[name].type if name in self.records else "company")
        return t in PARTY_TYPES

    def resolve(self, text: str) -> EntityRecord | None:
        """The record an alias, name or ticker refers to, in either script.

        >>> g = load_gazetteer()
        >>> g.resolve("輝達").name, g.resolve("英伟达").name, g.resolve("nvidia").name
        ('Nvidia', 'Nvidia', 'Nvidia')
        """
        cache = self.__dict__.get("_resolved")
        if cache is None:  # the same names are asked again and again (this gazetteer's own, so
            cache = self.__dict__["_resolved"] = {}  # per rule set; bounded below)
        try:
            return cache[text]
        except KeyError:
            pass
        info = self.index.get(key(text.strip()))
        if info is None:
            name = self.tickers.get(text.strip().upper())
            out = self.records.get(name) if name else None
        else:
            out = self.records[info.name]
        if len(cache) >= _RESOLVED_MAX:
            cache.clear()
        cache[text] = out
        return out

    def simplified_aliases(self) -> set[str]:
        """Chinese aliases in Simplified script, for jieba's dictionary.

        Weak aliases are left out: forcing them into the dictionary would cut
        them out of the ordinary words they are part of.
        """
        out = set()
        for k, info in self.index.items():
            if not info.latin and " " not in k and not info.weak:
                out.add(k)
        return out


def _strings(item: dict, f: str, path: Path) -> list[str]:
    """Field *f* of an entity record as a list of non-blank strings (absent or null: empty)."""
    v = item.get(f)
    if v is None:
        return []
    if not isinstance(v, list):
        raise RuleError(f"entity {item['name']!r}: {f} must be a list, got {v!r}", path=str(path))
    for x in v:
        if not isinstance(x, str) or not x.strip():
            hint = " (quote tickers: '0700', not 0700)" if f == "tickers" and isinstance(x, int) else ""
            raise RuleError(
                f"entity {item['name']!r}: every entry of {f} must be a non-empty string, got {x!r}{hint}",
                path=str(path),
            )
    return [x.strip() for x in v]


def _records_from(path: Path) -> list[EntityRecord]:
    data = rules.load_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise RuleError("an entity file must be a YAML list of records", path=str(path))
    out = []
    for item in data:
        rules.check_keys(item, _FIELDS, {"name", "type"}, path=path, what="entity")
        name = item["name"]
        if not isinstance(name, str) or not name.strip() or name.strip() != name:
            raise RuleError(
                f"entity name must be a non-empty string without surrounding spaces, got {name!r}",
                path=str(path),
            )
        if item["type"] not in TYPES:
            raise RuleError(
                f"entity {name!r}: type {item['type']!r} is not one of {sorted(TYPES)}",
                path=str(path),
            )
        out.append(
            EntityRecord(
                name=name,
                type=item["type"],
                tickers=_strings(item, "tickers", path),
                aliases=_strings(item, "aliases", path),
                weak_aliases=_strings(item, "weak_aliases", path),
                source=str(path),
                line=getattr(item, "line", None),
            )
        )
    return out


@rules.derived
def load_gazetteer(folder: str | None = None) -> Gazetteer:
    """Load every ``*.yaml`` under ``rules/entities`` (or *folder*).

    Without *folder*, the ``entities/*.yaml`` of the ``--rules`` folders come on top
    (:mod:`kg.rules`): their entities are added, and one with the name of a known
    entity extends it with its tickers and aliases.
    """
    base = Path(folder) if folder else rules.active().base / "entities"
    if not base.is_dir():
        raise RuleError("the entities folder does not exist (or is not a folder)", path=str(base))
    paths = sorted(base.glob("*.yaml"))
    if not paths:
        raise RuleError("the entities folder has no *.yaml entity files", path=str(base))
    records: list[EntityRecord] = []
    by_name: dict[str, EntityRecord] = {}
    for path in paths:
        for r in _records_from(path):
            if r.name in by_name:
                raise RuleError(
                    f"entity {r.name!r} is defined twice (also in {by_name[r.name].where()})",
                    path=str(path),
                    line=r.line,
                )
            by_name[r.name] = r
            records.append(r)
    for path in rules.user_files("entities") if folder is None else []:
        for r in _records_from(path):
            known = by_name.get(r.name)
            if known is None:
                by_name[r.name] = r
                records.append(r)
                continue
            if known.type != r.type:
                raise RuleError(
                    f"entity {r.name!r} has type {r.type!r} here but {known.type!r} in {known.where()}; "
                    f"expected {known.type!r} (a user entry with a known name extends that entity)",
                    path=str(path),
                    line=r.line,
                )
            extended = EntityRecord(
                name=known.name,
                type=known.type,
                tickers=_union(known.tickers, r.tickers),
                aliases=_union(known.aliases, r.aliases),
                weak_aliases=_union(known.weak_aliases, r.weak_aliases),
                source=known.source,
                line=known.line,
                extended_in=r.where(),
            )
            records[records.index(known)] = by_name[r.name] = extended
    return Gazetteer(records)


def _union(a: list[str], b: list[str]) -> list[str]:
    return a + [x for x in b if x not in a]
