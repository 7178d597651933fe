"""Flatten a validated strategy into the small, typed facts both engines match.

One fact per element of a collection (a risk, a matrix row, a consultation...),
each with its ``kind``, a short generated id (durable_rules looks ids up by a
32-bit hash: short sequential ids are collision-free), the element's JSON
pointer for locating findings, and flat fields:

* nested mappings become dotted keys (``mission.integrated``);
* an element's own ``id`` and ``kind`` become ``key`` and ``of_kind`` (see RENAMED);
* dates become day numbers so rules can add windows to them;
* blank strings and empty lists are dropped, so "present" means "non-empty";
* a list may have ``<field>__size`` and a text ``<field>__words`` (those the rules read);
* references are resolved into helper fields (a matrix row's ``lead_component``)
  so rules can ask about them without a second join;
* an engine may have the element facts built in its own names (a :data:`Form`),
  so that it need not copy every fact into them.

The document-level fields form the ``strategy`` fact, which is also the
trigger asserted last (see notes on durable_rules negation).
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel

from .model import Strategy
from .model.base import at_defaults, element_model
from .model.monitoring import Event

COLLECTIONS: dict[str, str] = {
    "resolution": "/mission/mandate/resolutions",
    "actor": "/actors",
    "working_group_member": "/drafting/working_group",
    "consultation_gap": "/drafting/consultation_gaps",
    "endorsement": "/endorsements",
    "dissemination": "/dissemination",
    "consultation": "/consultations",
    "objective": "/purpose_scope/objectives",
    "linked_strategy": "/purpose_scope/linked_strategies",
    "field_plan": "/purpose_scope/field_plans",
    "threat": "/risk_analysis/threats",
    "vulnerability": "/risk_analysis/vulnerabilities",
    "risk": "/risk_analysis/risks",
    "matrix_row": "/implementation_matrix",
    "information_mechanism": "/information/mechanisms",
    "early_warning_mechanism": "/early_warning/mechanisms",
    "caveat": "/capacities/caveats",
    "risk_capacity": "/capacities/by_risk",
    "gap": "/capacities/gaps",
    "responsibility": "/roles/responsibilities",
    "coordination_mechanism": "/coordination/mechanisms",
    "indicator": "/monitoring/indicators",
    "reporting_requirement": "/monitoring/reporting",
}
"""Element kinds and the list each is drawn from."""

CHILDREN: dict[str, tuple[str, str, str]] = {
    "perpetrator": ("threat", "perpetrators", "threat"),
    "gap_option": ("gap", "options", "gap"),
}
"""Kinds nested in another element: kind -> (parent kind, list field, back-reference field)."""

EVENTS = ("mandate_change", "context_change", "review", "crisis", "after_action_review")
"""History events: each ``type`` is a kind of its own."""

RENAMED = {"id": "key", "kind": "of_kind"}
"""Element fields whose names the engine reserves (``id`` is a fact's identity, ``kind`` its type)."""
ALIASES = {v: k for k, v in RENAMED.items()}

STRATEGY = "strategy"
KINDS = (STRATEGY, *COLLECTIONS, *CHILDREN, *EVENTS)

Fact = dict[str, Any]
Naming = tuple[tuple[str, str, bool], ...]
"""How an engine names the fields of one kind in its own facts: each field, the name it goes by, and whether
the engine wants its value (else the fact carries 1: a field only ever tested for presence)."""
Form = dict[str, Naming]
"""An engine's :data:`Naming` of each kind it reads (see :func:`build`)."""


@dataclass(frozen=True)
class Facts:
    """The facts of one document, and what each fact id stands for."""

    facts: list[Fact]
    """Element facts, in document order; the strategy fact is last."""

    pointers: dict[str, str]
    """Fact id -> JSON pointer of the element."""

    form: Form | None = None
    """The engine form the element facts were built in (see :func:`build`); None: fields by their own names."""

    kinds: list[str] | None = None
    """Each fact's kind, in order (in a ``form`` a fact carries it under another name); None for facts made
    elsewhere (by hand), which carry it as ``kind``."""


class _Plan(NamedTuple):
    """What :func:`_extract` reads from one model, by the shape of each field's value (see :func:`_shape`).

    The shapes come from the model's annotations, which the validated models hold to
    (they are strict), so no value's type is tested while facts are built.
    """

    texts: tuple[tuple[str, str | None, str | None, bool], ...]
    """Key, name (None if only its words are wanted), ``__words`` name, whether the value is wanted."""
    values: tuple[tuple[str, str, bool], ...]
    """Numbers, flags and fixed choices (validated exactly, so never blank or padded): key, name, value wanted."""
    dates: tuple[tuple[str, str, bool], ...]
    lists: tuple[tuple[str, str | None, str | None, bool, str], ...]
    """Lists of texts, values or dates: key, name (None if only the size is wanted), ``__size`` name, whether the
    value is wanted, and the shape of the items."""
    counted: tuple[tuple[str, str], ...]
    """Lists of models (elements of their own): key and ``__size`` name."""
    nested: tuple[tuple[str, _Plan], ...]


@cache
def _plan(kind: str, names: frozenset[str], naming: Naming | None = None) -> _Plan:
    """The fields ``names`` of ``kind`` as a tree of the keys to read, for :func:`_extract`.

    Built once per kind, ruleset and engine, so that each element is read for what the
    rules want (a dozen keys) rather than walked whole, and no name is put together
    again. A key leads to the plan of a nested model, or to what is made of its value:
    the name the field goes by, its ``__words`` and ``__size`` names if wanted, and
    whether the value itself is wanted or only ``1`` (see :data:`Naming`; counts go as
    they are). Derived fields (see ENRICHED, Pattern) are not read.
    """
    named = _named(naming)
    root: dict[str, Any] = {}
    for name in sorted((names & fields_of(kind)) - set(ENRICHED.get(kind, ()))):
        base = name.removesuffix("__words").removesuffix("__size")
        first, *rest = base.split(".")
        *parents, key = [ALIASES.get(first, first), *rest]
        node = root
        for part in parents:
            node = node.setdefault(part, {})
        whole, words, size, valued = node.get(key, (None, None, None, True))
        out, wanted = named.get(name, (name, True))
        if name == base:
            whole, valued = out, wanted
        elif name.endswith("__words"):
            words = out
        else:
            size = out
        node[key] = (whole, words, size, valued)
    return _compiled(_model_of(kind), root)


def _compiled(model: type[BaseModel], tree: dict[str, Any]) -> _Plan:
    """The keys of ``tree`` (see :func:`_plan`) sorted by the shape of their values in ``model``."""
    plan: dict[str, list[Any]] = {shape: [] for shape in _Plan._fields}
    for key, spec in tree.items():
        annotation = model.model_fields[key].annotation
        if type(spec) is dict:
            plan["nested"].append((key, _compiled(element_model(annotation), spec)))
            continue
        name, words, size, valued = spec
        shape = _shape(annotation)
        if shape == "texts":
            plan[shape].append((key, name, words, valued))
        elif shape in ("values", "dates"):
            plan[shape].append((key, name, valued))
        elif shape == "lists":
            plan[shape].append((key, name, size, valued, _shape(typing.get_args(annotation)[0])))
        else:
            plan[shape].append((key, size))
    return _Plan(**{shape: tuple(specs) for shape, specs in plan.items()})


def _shape(annotation: Any) -> str:
    """Which of :class:`_Plan`'s groups a field of this annotation falls in (TypeError for none)."""
    origin, args = typing.get_origin(annotation), [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated or (origin in (typing.Union, types.UnionType) and len(args) == 1):
        return _shape(args[0])
    if origin is list:
        return "counted" if element_model(annotation) is not None else "lists"
    if origin is typing.Literal or annotation in (bool, int, float):
        return "values"
    if annotation is str:
        return "texts"
    if annotation is dt.date:
        return "dates"
    raise TypeError(f"the fact builder cannot read a field of type {annotation!r}")


def _naming(form: Form | None, kind: str) -> Naming | None:
    """How ``form`` names ``kind``'s fields; None for fields by their own names (the strategy fact always is)."""
    return form.get(kind) if form is not None and kind != STRATEGY else None


@cache
def _named(naming: Naming | None) -> dict[str, tuple[str, bool]]:
    """``naming`` as a lookup: field -> (the name it goes by, whether its value is wanted)."""
    return {field: (name, valued) for field, name, valued in naming or ()}


def _extract(data: dict[str, Any], plan: _Plan, out: Fact) -> Fact:
    """Add the fields ``plan`` names from one element (or the document) to ``out``; nested models become dotted names.

    ``data`` is a model's ``__dict__``: reading the validated models as they are is
    cheaper than dumping the whole strategy first. Blank strings and empty lists give
    no field; a list of models gives its size only (its elements are facts of their
    own). It runs for every element of every document: each shape has a loop of its own.
    """
    texts, values, dates, lists, counted, nested = plan
    for key, name, words, valued in texts:
        value = data[key]
        if value and (value := value.strip()):
            if words:
                out[words] = len(value.split())
            if name:
                out[name] = value if valued else 1
    for key, name, valued in values:
        value = data[key]
        if value is not None:
            out[name] = value if valued else 1
    for key, name, valued in dates:
        value = data[key]
        if value is not None:
            out[name] = value.toordinal() if valued else 1
    for key, name, size, valued, shape in lists:
        if shape == "texts":
            items = [text for v in data[key] if (text := v.strip())]
        elif shape == "dates":
            items = [v.toordinal() for v in data[key]]
        else:
            items = list(data[key])
        if size:
            out[size] = len(items)
        if name and items:
            out[name] = items if valued else 1
    for key, size in counted:
        out[size] = len(data[key])
    for key, inner in nested:
        value = data[key]
        if value is not None:
            _extract(value.__dict__, inner, out)
    return out


def needs(fields: dict[str, set[str]], patterns: Iterable[Pattern] = ()) -> dict[str, frozenset[str]]:
    """What :func:`build` must produce for rules that read ``fields`` (by kind) and evaluate ``patterns``.

    By kind, the fields the rules read and those a pattern is evaluated on. A kind
    that is not named gets no facts.
    """
    wanted: dict[str, set[str]] = {kind: set(names) for kind, names in fields.items()}
    for pattern in patterns:
        wanted.setdefault(pattern.kind, set()).add(pattern.field)
    return {kind: frozenset(names) for kind, names in wanted.items()}


class _Builder:
    def __init__(self, strategy: Strategy, needs: dict[str, frozenset[str]] | None = None,
                 form: Form | None = None) -> None:
        self.s = strategy
        self.needs = needs
        self.form = form
        self.facts: list[Fact] = []
        self.pointers: dict[str, str] = {}
        self.kinds: list[str] = []
        self.profiles = {a.id: (a.kind, a.component, a.role) for a in strategy.actors}
        """Each actor's kind, component and role, as ``actor_lists`` reads them for hundreds of elements."""
        self.perpetrator_types = {t.id: {p.type for p in t.perpetrators} for t in strategy.risk_analysis.threats}
        """The types of each threat's perpetrators, which a threat and the risks it poses take."""
        self.mechanisms = {m.id: m for m in strategy.coordination.mechanisms}
        self.memo: dict[tuple[Any, ...], Fact] = {}
        """Actors' fields by the kind, the reference and the actors they come from (see :meth:`actor_fields`)."""
        self.picked: dict[tuple[str, str, bool], tuple[tuple[int, str, bool], ...]] = {}
        """What :meth:`picks` found for each kind and reference."""
        self.lookups: dict[str, dict[str, tuple[str, bool]]] = {}
        """What :meth:`lookup` found for each kind (a form's namings are long tuples: slow to look up by)."""

    def lookup(self, kind: str) -> dict[str, tuple[str, bool]]:
        """:func:`_named` of ``kind``'s naming."""
        named = self.lookups.get(kind)
        if named is None:
            named = self.lookups[kind] = _named(_naming(self.form, kind))
        return named

    def head(self, kind: str) -> tuple[str, str, Any, str]:
        """The names of a ``kind`` fact's id and kind fields, the kind's value, and the kind."""
        named = self.lookup(kind)
        (ident, _), (name, valued) = named.get("id", ("id", True)), named.get("kind", ("kind", True))
        return ident, name, kind if valued else 1, kind

    def back(self, child: str, field: str) -> tuple[str | None, bool]:
        """The name of a ``child`` element's reference to its parent (None if the form does not name it), and whether
        its value is wanted."""
        return (field, True) if _naming(self.form, child) is None else self.lookup(child).get(field, (None, False))

    def add(self, head: tuple[str, str, Any, str], pointer: str) -> Fact:
        """A new fact for the element at ``pointer`` (its kind's :meth:`head`), its fields still to be filled in."""
        ident, name, value, kind = head
        fid = f"f{len(self.facts)}"
        fact = {ident: fid, name: value}
        self.facts.append(fact)
        self.kinds.append(kind)
        self.pointers[fid] = pointer
        return fact

    def picks(self, kind: str, prefix: str, plural: bool) -> tuple[tuple[int, str, bool], ...]:
        """Which of an actor's kind, component and role ``kind`` facts take as ``prefix``'s fields (lists of them if
        ``plural``): by position in a profile, with the name each goes by and whether its value is wanted."""
        key = (kind, prefix, plural)
        picks = self.picked.get(key)
        if picks is None:
            keep, naming = self.wanted(kind) or frozenset(), _naming(self.form, kind)
            named = self.lookup(kind)
            fields = [f"{prefix}_{attr}{'s' if plural else ''}" for attr in ("kind", "component", "role")]
            picks = self.picked[key] = tuple((n, *named.get(f, (f, True))) for n, f in enumerate(fields)
                                             if f in keep and (naming is None or f in named))
        return picks

    def actor_fields(self, kind: str, prefix: str, ident: str | None) -> Fact:
        """The profile of the actor ``ident`` refers to, as a ``kind`` fact's ``prefix_kind``... fields (shared:
        copy them)."""
        key = (kind, prefix, ident)
        fields = self.memo.get(key)
        if fields is None:
            profile = self.profiles.get(ident) if ident else None
            fields = self.memo[key] = {} if profile is None else {
                name: profile[n] if valued else 1 for n, name, valued in self.picks(kind, prefix, False) if profile[n]}
        return fields

    def actor_lists(self, kind: str, prefix: str, idents: list[str]) -> Fact:
        """The profiles of the actors ``idents``, as a ``kind`` fact's ``prefix_kinds``... lists (sorted, without
        repeats; shared: copy them)."""
        key = (kind, prefix, tuple(idents))
        out = self.memo.get(key)
        if out is None:
            out = self.memo[key] = {}
            picks = self.picks(kind, prefix, True)
            profiles = [self.profiles[i] for i in idents] if picks else []
            for n, name, valued in picks:
                values = sorted({p[n] for p in profiles if p[n]})
                if values:
                    out[name] = values if valued else 1
        return out

    def wanted(self, kind: str) -> frozenset[str] | None:
        """The fields of ``kind`` the facts must have (every one without needs), or None for no facts of it."""
        if self.needs is None:
            return fields_of(kind)
        return self.needs.get(kind)

    def build(self) -> Facts:
        for kind, pointer in COLLECTIONS.items():
            nested = [(self.head(child), self.back(child, back), field,
                       _plan(child, self.wanted(child), _naming(self.form, child)))
                      for child, (parent, field, back) in CHILDREN.items()
                      if parent == kind and self.wanted(child) is not None]
            keep = self.wanted(kind)
            if keep is None and not nested:
                continue
            plan = _plan(kind, keep, _naming(self.form, kind)) if keep is not None else None
            head, enriched = self.head(kind), kind in ENRICHED
            for i, item in enumerate(self._at(pointer)):
                if plan is not None:
                    fact = _extract(item.__dict__, plan, self.add(head, f"{pointer}/{i}"))
                    if enriched:
                        self.enrich(kind, item, fact)
                for child_head, (back, valued), field, child_plan in nested:
                    for j, sub in enumerate(getattr(item, field)):
                        fact = _extract(sub.__dict__, child_plan, self.add(child_head, f"{pointer}/{i}/{field}/{j}"))
                        if back:
                            fact[back] = item.id if valued else 1
        events = {kind: (_plan(kind, self.wanted(kind), _naming(self.form, kind)), self.head(kind))
                  for kind in {event.type for event in self.s.history} if self.wanted(kind) is not None}
        for i, event in enumerate(self.s.history):
            if event.type in events:
                plan, head = events[event.type]
                _extract(event.__dict__, plan, self.add(head, f"/history/{i}"))
        return Facts(self.facts, self.pointers, self.form, self.kinds)

    def strategy_fact(self, as_of: dt.date) -> Fact:
        s = self.s
        keep = self.wanted(STRATEGY) or frozenset()
        fields = _extract(s.__dict__, _plan(STRATEGY, keep), {})  # the collections by their sizes only
        hom = [e.date for e in s.endorsements if e.by == "hom"]
        if hom:
            fields["adopted"] = min(hom).toordinal()
        if s.period is not None:  # a period not stated (or left out) is reported by its own rule
            fields["period.days"] = (s.period.end - s.period.start).days
            fields["period.valid_until"] = (s.period.extended_to or s.period.end).toordinal()
        if s.drafting.started and s.drafting.finalized:
            fields["drafting.days"] = (s.drafting.finalized - s.drafting.started).days
        if s.purpose_scope.review.cycle_months:
            fields["purpose_scope.review.cycle_days"] = round(s.purpose_scope.review.cycle_months * 365 / 12)
        fields.update(self.actor_lists(STRATEGY, "risk_analysis.participant", s.risk_analysis.participants))
        fields.update(self.actor_lists(STRATEGY, "dissemination.recipient", [d.recipient for d in s.dissemination]))
        fields.update(self.actor_lists(STRATEGY, "crisis_response.agreed_with", s.crisis_response.agreed_with))
        for name in Strategy.may_be_unwritten:  # a section left at its empty default is one cause, not many
            fields[name + "__written"] = not at_defaults(getattr(s, name))
        fields["as_of"] = as_of.toordinal()
        return {"id": "strategy", "kind": STRATEGY, **fields}

    def enrich(self, kind: str, item: Any, fact: Fact) -> None:
        """Resolve references into fields a rule can test without a join (only those wanted), as the form names them.

        Most elements refer to a few actors: the fields of each reference are worked out once a document.
        """
        if kind == "matrix_row":
            fact.update(self.actor_fields(kind, "lead", item.lead))
            fact.update(self.actor_lists(kind, "supporting", item.supporting))
        elif kind == "consultation":
            fact.update(self.actor_fields(kind, "facilitated_by", item.facilitated_by))
        elif kind == "dissemination":
            fact.update(self.actor_fields(kind, "recipient", item.recipient))
        elif kind == "reporting_requirement":
            self.put(fact, kind, "audience", REPORT_AUDIENCES[item.type])
        elif kind == "coordination_mechanism":
            fact.update(self.actor_fields(kind, "chair", item.chair))
            fact.update(self.actor_lists(kind, "member", item.members))
            fact.update(self.actor_fields(kind, "advised_by", item.advised_by))
            if item.reports_to:
                self.put(fact, kind, "reports_to_level", self.mechanisms[item.reports_to].level)
            self.put(fact, kind, "reaches_hq", self.reaches_hq(item.id))
        elif kind in ("risk", "threat"):
            types = self.perpetrator_types
            found = set().union(*(types[t] for t in item.threats)) if kind == "risk" else types[item.id]
            if found:
                self.put(fact, kind, "perpetrator_types", sorted(found))
            if kind == "risk" and item.gravity and item.likelihood:
                self.put(fact, kind, "score", item.gravity * item.likelihood)

    def put(self, fact: Fact, kind: str, field: str, value: Any) -> None:
        """Set a derived ``field`` of a ``kind`` fact, as the form names it (if it does at all)."""
        if self.form is None:
            fact[field] = value
        elif (named := self.lookup(kind).get(field)) is not None:
            fact[named[0]] = value if named[1] else 1

    def reaches_hq(self, ident: str) -> bool:
        """Following ``reports_to`` upwards from a mechanism reaches an HQ group (a loop never does)."""
        up = self.mechanisms
        seen = {ident}
        node = up[ident].reports_to
        while node is not None and node not in seen:
            if up[node].level == "hq":
                return True
            seen.add(node)
            node = up[node].reports_to
        return False

    def _at(self, pointer: str) -> list[Any]:
        node: Any = self.s
        for part in pointer.strip("/").split("/"):
            node = getattr(node, part)
        return node


def build(strategy: Strategy, as_of: dt.date, needs: dict[str, frozenset[str]] | None = None,
          form: Form | None = None) -> Facts:
    """The facts of ``strategy`` (those :func:`needs` says, or all); the strategy (trigger) fact comes last.

    With an engine's ``form``, element facts are built as that engine reads them, so it need
    not copy each one into its own names: only the fields the form names, under those names,
    the kind under its name, a field wanted only for presence as ``1``, and their kinds listed
    aside (see :class:`Facts`). The strategy fact keeps the fields' own names (an engine may read
    it differently in each of its passes), and a pattern's field keeps its name and value until
    :func:`derive` has evaluated it (a form that names it must want its value).
    """
    builder = _Builder(strategy, needs, form)
    facts = builder.build()
    facts.facts.append(builder.strategy_fact(as_of))
    facts.kinds.append(STRATEGY)
    facts.pointers["strategy"] = ""
    return facts


REPORT_AUDIENCES = {
    "sg_country_report": "security_council", "sg_poc_report": "security_council",
    "thematic_report": "security_council", "security_council_briefing": "security_council",
    "situation_report": "nyhq", "code_cable": "nyhq", "tpcc_briefing": "tpcc",
    "human_rights_public_report": "public",
}
"""Who each kind of report informs (Template paras 26 and 29), for rules on who is kept informed."""

ENRICHED: dict[str, tuple[str, ...]] = {
    "matrix_row": ("lead_kind", "lead_component", "lead_role", "supporting_kinds",
                   "supporting_components", "supporting_roles"),
    "dissemination": ("recipient_kind", "recipient_component", "recipient_role"),
    "consultation": ("facilitated_by_kind", "facilitated_by_component", "facilitated_by_role"),
    "coordination_mechanism": ("chair_kind", "chair_component", "chair_role", "member_kinds",
                               "member_components", "member_roles", "advised_by_kind",
                               "advised_by_component", "advised_by_role", "reports_to_level", "reaches_hq"),
    "reporting_requirement": ("audience",),
    "risk": ("perpetrator_types", "score"),
    "threat": ("perpetrator_types",),
    "perpetrator": ("threat",),
    "gap_option": ("gap",),
    STRATEGY: ("adopted", "period.days", "period.valid_until", "drafting.days", "purpose_scope.review.cycle_days", "as_of",
               "risk_analysis.participant_kinds", "risk_analysis.participant_components",
               "risk_analysis.participant_roles", "dissemination.recipient_kinds",
               "dissemination.recipient_components", "dissemination.recipient_roles",
               "crisis_response.agreed_with_kinds", "crisis_response.agreed_with_components",
               "crisis_response.agreed_with_roles", *(name + "__written" for name in Strategy.may_be_unwritten)),
}
"""Fields the builder derives (see ``enrich`` and ``strategy_fact``), by kind."""


def _model_at(pointer: str) -> type[BaseModel]:
    model: type[BaseModel] = Strategy
    for part in pointer.strip("/").split("/"):
        model = element_model(model.model_fields[part].annotation)
    return model


def _fields(model: type[BaseModel], prefix: str = "", *, top: bool = True) -> Iterator[str]:
    for name, info in model.model_fields.items():
        full = RENAMED.get(name, name) if (top and not prefix) else prefix + name
        sub = element_model(info.annotation)
        is_list = typing.get_origin(info.annotation) is list
        if sub is not None and not is_list:
            yield from _fields(sub, full + ".", top=False)
            continue
        if is_list:
            yield full + "__size"
            if sub is not None:
                continue
        yield full
        if not is_list and _is_text(info.annotation):
            yield full + "__words"


def _is_text(annotation: Any) -> bool:
    return annotation is str or any(_is_text(a) for a in typing.get_args(annotation))


def _model_of(kind: str) -> type[BaseModel]:
    """The model a fact of ``kind`` is read from."""
    if kind == STRATEGY:
        return Strategy
    if kind in CHILDREN:
        parent, field, _ = CHILDREN[kind]
        return element_model(_model_at(COLLECTIONS[parent]).model_fields[field].annotation)
    if kind in EVENTS:
        return next(m for m in typing.get_args(typing.get_args(Event)[0])
                    if typing.get_args(m.model_fields["type"].annotation) == (kind,))
    return _model_at(COLLECTIONS[kind])


@cache
def fields_of(kind: str) -> frozenset[str]:
    """Every field a fact of ``kind`` can carry: what rule conditions may name."""
    names = set(_fields(_model_of(kind)))
    if kind == STRATEGY:
        lists = set(COLLECTIONS.values()) | {"/history"}
        names = {f for f in names if "/" + f.split("__")[0].replace(".", "/") not in lists}
        names |= {p.strip("/").replace("/", ".") + "__size" for p in lists}
    elif kind in EVENTS:
        names -= {"type", "type__words"}
    return frozenset(names | set(ENRICHED.get(kind, ())))


@dataclass(frozen=True)
class Pattern:
    """A regular expression of a rule that the fact builder evaluates into a boolean field.

    durable_rules' own regex dialect is Lua-like and always anchored, so rules
    use Python regexes, evaluated once per fact into ``<field>__m<n>``.
    """

    kind: str
    field: str
    regex: re.Pattern[str]
    derived: str


def derive(facts: Facts, patterns: Iterable[Pattern]) -> None:
    """Evaluate the ruleset's regular expressions into boolean fields (see :class:`Pattern`).

    In an engine's form (see :func:`build`) the fields go by its names, and a field read
    only by patterns, which the form does not name, is left out once they are evaluated.
    """
    by_kind: dict[str, tuple[list[tuple[str, re.Pattern[str], str]], set[str]]] = {}
    for pattern in patterns:
        naming = _naming(facts.form, pattern.kind)
        named = _named(naming)
        field = named.get(pattern.field, (pattern.field,))[0]
        evaluated, unnamed = by_kind.setdefault(pattern.kind, ([], set()))
        evaluated.append((field, pattern.regex, named.get(pattern.derived, (pattern.derived,))[0]))
        if naming is not None and pattern.field not in named:
            unnamed.add(field)
    kinds = facts.kinds if facts.kinds is not None else [fact["kind"] for fact in facts.facts]
    for kind, fact in zip(kinds, facts.facts):
        if kind not in by_kind:
            continue
        evaluated, unnamed = by_kind[kind]
        for field, regex, derived in evaluated:
            if field in fact:
                value = fact[field]
                if isinstance(value, str):  # most often: one text, without a generator for it
                    fact[derived] = _found(regex, value)
                else:  # a list: any of its texts; a number, a date or a flag: never
                    fact[derived] = isinstance(value, list) and any(
                        isinstance(v, str) and _found(regex, v) for v in value)
        for field in unnamed:
            fact.pop(field, None)


_FOUND: dict[tuple[Any, str], bool] = {}
"""Whether a compiled regular expression is found in a text, for texts met before.

Strategies drafted from one template, or of one mission, repeat their codes and
titles: in an audit most searches have been made already. Bounded in entries and
in the length of the texts kept (see :func:`_found`)."""
_FOUND_ENTRIES = 4096
_FOUND_TEXT = 256


def _found(regex: re.Pattern[str], text: str) -> bool:
    key = (regex, text)
    found = _FOUND.get(key)
    if found is None:
        found = regex.search(text) is not None
        if len(text) <= _FOUND_TEXT:
            if len(_FOUND) >= _FOUND_ENTRIES:
                _FOUND.clear()
            _FOUND[key] = found
    return found
