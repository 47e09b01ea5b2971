"""How a service app plugs into Comptoir without editing the others: the typed hook registry.

Every comptoir app's AppConfig inherits :class:`ComptoirAppConfig`, which declares every hook an app may
answer (:data:`HOOKS`, one :class:`HookSpec` each). A hook has a *kind* and a rule saying how the answers
of several apps *combine*:

========================  ==========  ==========  ======================================================
hook                      kind        combine     what it is
========================  ==========  ==========  ======================================================
place_urls                module      all         urlconf mounted under ``/<place-slug>/``
root_urls                 module      all         urlconf mounted at the site root (feeds, well-known files)
api_router                object      all         ``"module:attribute"`` of a django-ninja Router under
                                                  ``/api/v1/<api_prefix>``
api_prefix                value       all         the router's prefix (defaults to the app label)
nav_items                 list        merged      :class:`NavItem` entries of the place's navigation
staff_panels              list        merged      :class:`Panel` blocks of the staff home
member_panels             list        merged      :class:`Panel` blocks of the member home
permissions               mapping     merged      ``{code: label}`` added to :mod:`comptoir.core.permissions`
role_permissions          mapping     merged      ``{role: [codes]}`` granted by each role
scheduled_commands        mapping     merged      ``{"hourly"|"daily": [command names]}`` run by
                                                  ``manage.py comptoir_jobs``; each command idempotent
resource_kinds            list        merged      :class:`comptoir.spaces.kinds.ResourceKind` the app's
                                                  resources are (the booking engine's rules per kind)
demo_loader               function    all called  ``(*, place, people)``: the app's demo data
billing_prepare           function    all called  ``(*, place, start, end)``: hand the period's charges to
                                                  billing before the run invoices
invoice_settled           function    all called  ``(*, place, invoice, sources)``: an issued invoice is now
                                                  fully paid (any method); ``sources`` lists the
                                                  ``(source_type, source_id)`` of its charges; called
                                                  inside the payment's transaction
spaceapi_contribution     function    all, merged ``(*, place, request) -> dict`` merged into SpaceAPI
booking_plans             function    union       ``(*, place, person, at[, until])``: the person's plan
                                                  tokens at ``at`` (a set), or with ``until`` the plan
                                                  periods ``[(valid_from, valid_until, token)]``; the
                                                  booking engine takes the union of every app's answer
booking_plan_choices      function    merged      ``(*, place) -> [(token, label)]`` for the staff form
booking_allowance         function    one         ``(*, place, person, at) -> (minutes, period_start,
                                                  period_end) | None``: a member's included meeting-room
                                                  minutes; at most one app may declare it
place_by_slug             function    one         ``(*, slug) -> Place | None``: the place at ``slug``
                                                  (``places``; read by :mod:`comptoir.core.access`)
place_membership          function    one         ``(*, place, user) -> Membership | None``: the user's
                                                  membership of the place with its role codes (``people``)
place_membership_by_slug  function    one         ``(*, slug, user) -> Membership | None``: the same from
                                                  the place's slug, with its place, in one query: every
                                                  page and API call of a place starts there (``people``)
api_token_authenticate    function    one         ``(*, secret) -> User | None``: the active user a
                                                  personal API token belongs to (``people``; read by
                                                  :mod:`comptoir.core.api_auth`)
audit_vocabulary          function    merged      ``() -> AuditVocabulary``: the labels of the action
                                                  codes the app records, of its object types and of its
                                                  entries' keys (:mod:`comptoir.core.audit_vocabulary`)
audit_describe            function    all, merged ``(*, place, objects) -> {(object_type, id): text}``:
                                                  the app's objects named for people, read in bulk
delivery_enqueue          function    one         ``(*, place, channel, recipient, subject, body[, key])``:
                                                  keep a rendered message in the outbox inside the
                                                  caller's transaction, sent by the task queue after
                                                  commit, retried (``tasks``; read by
                                                  :mod:`comptoir.core.notifications`)
========================  ==========  ==========  ======================================================

``place_by_slug``, ``place_membership(_by_slug)`` and ``api_token_authenticate`` are how ``core`` (layer 1)
reads places and people (above it) without importing them:
core's place access and API authentication need exactly one app to answer each (:func:`hook_required`).
``delivery_enqueue`` is how core's notifications reach the outbox of ``tasks`` (above it); without it
they are sent in an ``on_commit`` callback, as before the queue.

Kinds: *module* is a dotted module path; *object* and *function* are ``"module:attribute"``; a
*function* path points into the app's own ``hooks.py`` (one module per app holds every function it
declares) and the function accepts the listed keywords. *value*, *list* and *mapping* are plain
attributes. A system check (:func:`check_hooks`, registered by ``CoreConfig.ready``) refuses a comptoir
AppConfig that does not inherit the base class, an attribute that is not a declared hook (a misspelt
``billing_prepar`` is an error, not a silently ignored string), a value of the wrong type, a path that
does not import, a function that does not accept its keywords, a function outside ``hooks.py`` and a
*one* hook declared by two apps.

Reading: :func:`hooks` (the functions, in app order), :func:`hook_one`, :func:`hook_required`,
:func:`collect` (lists merged, sorted by ``order``; :func:`collected` gives the cached tuple),
:func:`scheduled_commands`. Function and list hooks are resolved once and cached (place access reads a
hook on every request); tests replace an app's answers with :func:`override_hook` (a context manager),
which the cache follows. To add a hook: add its
:class:`HookSpec` to :data:`HOOKS`, then document it here and in ``docs/architecture.md``.
"""

from __future__ import annotations

import contextlib
import difflib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavItem:
    """An entry of the place's navigation, shown only to whom may use it.

    An entry is shown when the place runs its ``service`` (if any), the person holds its
    ``permission`` (if any) and belongs to its ``area`` (members for "member", the staff area for
    "staff"; "public" to anyone); entries are sorted by ``order``. The link text is ``label`` and the
    address ``url_name`` reversed with ``place_slug``; the entry whose address is the longest prefix
    of the page's is marked ``aria-current="page"``.

    Staff entries are shown by service: ``group`` is the key of one of the groups named, labelled and
    ordered in one place, :data:`comptoir.core.context_processors.STAFF_NAV_GROUPS` ("desk",
    "community", "spaces", "mediation", "management"); an entry without a known group goes to the
    last group, "other". A group with no entry the person may see is not shown. Member and public
    entries take no group.
    """

    label: Any  # a lazy translated string
    url_name: str  # reversed with the place slug as ``place_slug``
    area: str = "member"  # "member", "staff" or "public"
    permission: str | None = None
    service: str | None = None  # shown only when the place runs this service
    order: int = 100
    group: str | None = None  # staff entries only: a key of context_processors.STAFF_NAV_GROUPS


@dataclass(frozen=True)
class Panel:
    """A block of the staff or member home: ``build(request, access)`` returns a context or None."""

    template: str
    build: Callable[..., dict | None]
    permission: str | None = None
    service: str | None = None
    order: int = 100
    extra: dict = field(default_factory=dict)


KINDS = ("module", "object", "function", "value", "list", "mapping")
COMBINE = ("all", "merged", "union", "one")


@dataclass(frozen=True)
class HookSpec:
    """One hook: its ``kind`` (see the module docstring), how the apps' answers ``combine``, the keywords
    a function hook is called with (``keywords``; ``optional`` ones it may also accept), and what it is."""

    name: str
    kind: str
    combine: str
    doc: str
    keywords: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    item_type: str = ""  # list hooks: dotted path of the items' class, checked when an app declares items

    def __post_init__(self):
        assert self.kind in KINDS and self.combine in COMBINE, self


HOOKS: dict[str, HookSpec] = {
    spec.name: spec
    for spec in (
        HookSpec("place_urls", "module", "all", "Urlconf mounted under /<place-slug>/."),
        HookSpec("root_urls", "module", "all", "Urlconf mounted at the site root (feeds, well-known files)."),
        HookSpec("api_router", "object", "all", "'module:attribute' of a django-ninja Router under /api/v1/."),
        HookSpec("api_prefix", "value", "all", "The API router's prefix; defaults to the app label."),
        HookSpec("nav_items", "list", "merged", "Entries of the place's navigation.", item_type=f"{__name__}.NavItem"),
        HookSpec("staff_panels", "list", "merged", "Blocks of the staff home.", item_type=f"{__name__}.Panel"),
        HookSpec("member_panels", "list", "merged", "Blocks of the member home.", item_type=f"{__name__}.Panel"),
        HookSpec("permissions", "mapping", "merged", "{code: label} added to the permission registry."),
        HookSpec("role_permissions", "mapping", "merged", "{role: [codes]} granted by each role."),
        HookSpec("scheduled_commands", "mapping", "merged", "{'hourly'|'daily': [idempotent command names]}."),
        HookSpec(
            "resource_kinds", "list", "merged", "The kinds of bookable resources the app owns and their rules.",
            item_type="comptoir.spaces.kinds.ResourceKind",
        ),
        HookSpec("demo_loader", "function", "all", "Loads the app's demo data.", keywords=("place", "people")),
        HookSpec(
            "billing_prepare", "function", "all", "Hands the app's charges up to `end` to billing before the run.",
            keywords=("place", "start", "end"),
        ),
        HookSpec(
            "invoice_settled", "function", "all",
            "An issued invoice is now fully paid; `sources` are its charges' (source_type, source_id).",
            keywords=("place", "invoice", "sources"),
        ),
        HookSpec(
            "spaceapi_contribution", "function", "all", "A dict merged into the place's SpaceAPI document.",
            keywords=("place", "request"),
        ),
        HookSpec(
            "booking_plans", "function", "union", "The person's plan tokens at `at` (or periods up to `until`).",
            keywords=("place", "person", "at"), optional=("until",),
        ),
        HookSpec(
            "booking_plan_choices", "function", "merged", "[(plan token, label)] offered by the staff form.",
            keywords=("place",),
        ),
        HookSpec(
            "booking_allowance", "function", "one", "(minutes, period_start, period_end) | None of a member's plans.",
            keywords=("place", "person", "at"),
        ),
        HookSpec("place_by_slug", "function", "one", "The place at `slug`, or None.", keywords=("slug",)),
        HookSpec(
            "place_membership", "function", "one", "The user's membership of the place with its role codes, or None.",
            keywords=("place", "user"),
        ),
        HookSpec(
            "place_membership_by_slug", "function", "one",
            "The user's membership of the place `slug`, with its place and role codes (one query), or None.",
            keywords=("slug", "user"),
        ),
        HookSpec(
            "api_token_authenticate", "function", "one", "The active user a personal API token belongs to, or None.",
            keywords=("secret",),
        ),
        HookSpec(
            "audit_vocabulary", "function", "merged",
            "An AuditVocabulary: labels of the app's audit actions, object types and before/after keys.",
        ),
        HookSpec(
            "audit_describe", "function", "merged",
            "{(object_type, id): text} naming the app's objects among `objects` ({object_type: ids}), in bulk.",
            keywords=("place", "objects"),
        ),
        HookSpec(
            "delivery_enqueue", "function", "one",
            "Keeps a rendered message in the outbox, inside the caller's transaction; a worker sends it after commit.",
            keywords=("place", "channel", "recipient", "subject", "body"), optional=("key",),
        ),
    )
}  # fmt: skip


class ComptoirAppConfig(AppConfig):
    """The base of every comptoir app's AppConfig: each attribute below is a hook (see :data:`HOOKS`);
    an app sets those it answers. Any other public attribute is refused by the system check."""

    # Django takes the AppConfig subclass an app's apps.py defines; this base, imported there, must not
    # count as a candidate, while the app's own subclass must (unless it says otherwise).
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "default" not in vars(cls):
            cls.default = True

    place_urls: str | None = None
    root_urls: str | None = None
    api_router: str | None = None
    api_prefix: str | None = None
    nav_items: list[NavItem] = []
    staff_panels: list[Panel] = []
    member_panels: list[Panel] = []
    permissions: dict[str, Any] = {}
    role_permissions: dict[str, list[str]] = {}
    scheduled_commands: dict[str, list[str]] = {}
    resource_kinds: list = []
    demo_loader: str | None = None
    billing_prepare: str | None = None
    invoice_settled: str | None = None
    spaceapi_contribution: str | None = None
    booking_plans: str | None = None
    booking_plan_choices: str | None = None
    booking_allowance: str | None = None
    place_by_slug: str | None = None
    place_membership: str | None = None
    place_membership_by_slug: str | None = None
    api_token_authenticate: str | None = None
    audit_vocabulary: str | None = None
    audit_describe: str | None = None
    delivery_enqueue: str | None = None


def comptoir_app_configs() -> Iterator[AppConfig]:
    for config in apps.get_app_configs():
        if config.name.startswith("comptoir."):
            yield config


def _spec(name: str) -> HookSpec:
    try:
        return HOOKS[name]
    except KeyError:
        raise LookupError(f"{name!r} is not a declared hook (see comptoir.core.registry.HOOKS)") from None


# Tests replace the apps' answers to a hook (override_hook); each change bumps the generation, which
# keys the cache of merged lists (the engine reads resource kinds once per slot it checks).
_overrides: dict[str, list] = {}
_generation = 0
_collected: dict[tuple, tuple] = {}
_functions: dict[tuple, tuple] = {}


@contextlib.contextmanager
def override_hook(name: str, *answers: Any) -> Iterator[None]:
    """Within the block, ``name`` is answered by ``answers`` alone instead of the installed apps'.

    Function hooks take callables (``override_hook("booking_plans", fn)``; none: no app answers), list
    hooks their items, other hooks one value per pretended app. Nests; restores on exit."""
    global _generation
    _spec(name)
    previous = _overrides.get(name)
    _overrides[name] = list(answers)
    _generation += 1
    try:
        yield
    finally:
        if previous is None:
            del _overrides[name]
        else:
            _overrides[name] = previous
        _generation += 1


def answers(name: str) -> list:
    """The raw value every app gives to ``name`` (apps that leave it unset are skipped), in app order."""
    _spec(name)
    if name in _overrides:
        return list(_overrides[name])
    return [value for config in comptoir_app_configs() if (value := getattr(config, name, None))]


def resolve(path: str) -> Any:
    """The object at ``"module:attribute"`` (or a dotted path)."""
    module, sep, attribute = path.partition(":")
    return import_string(f"{module}.{attribute}") if sep else import_string(path)


def hooks(name: str) -> list[Callable]:
    """The functions the apps declare for the function hook ``name``, in app order."""
    spec = _spec(name)
    if spec.kind != "function":
        raise LookupError(f"{name!r} is a {spec.kind} hook, not a function")
    return list(_functions_of(name))


def _functions_of(name: str) -> tuple:
    # Resolved once per set of apps and overrides (as collected() does): place access asks for a hook on
    # every request, and resolving imports the path again.
    key = (name, _generation, id(apps.app_configs))
    found = _functions.get(key)
    if found is None:
        found = tuple(_overrides[name]) if name in _overrides else tuple(resolve(path) for path in answers(name))
        _functions[key] = found
    return found


def hook_one(name: str) -> Callable | None:
    """The function of a hook at most one app may answer (``combine="one"``), or None."""
    spec = _spec(name)
    if spec.combine != "one" or spec.kind != "function":
        raise LookupError(f"{name!r} is a {spec.kind} hook combining {spec.combine!r}, not a 'one' function")
    return next(iter(_functions_of(name)), None)


def hook_required(name: str) -> Callable:
    """The function of a ``one`` hook the project cannot work without; ImproperlyConfigured if no app answers."""
    function = hook_one(name)
    if function is None:
        raise ImproperlyConfigured(f"No installed app answers the hook {name!r} (see comptoir.core.registry.HOOKS).")
    return function


def collected(name: str) -> tuple:
    """The items every app declares for the list hook ``name``, sorted by their ``order`` (default 100),
    as one shared tuple while the apps and overrides stay the same (callers may index it by identity)."""
    if _spec(name).kind != "list":
        raise LookupError(f"{name!r} is not a list hook")
    key = (name, _generation, id(apps.app_configs))  # a test changing INSTALLED_APPS makes a new dict
    if key not in _collected:
        items: list = []
        for value in answers(name):
            items.extend(value if isinstance(value, list | tuple) else [value])
        _collected[key] = tuple(sorted(items, key=lambda item: getattr(item, "order", 100)))
    return _collected[key]


def collect(name: str) -> list:
    """The items every app declares for the list hook ``name``, sorted by their ``order`` (default 100)."""
    return list(collected(name))


FREQUENCIES = ("hourly", "daily")


def scheduled_commands(frequency: str) -> list[str]:
    """The management commands the apps ask to run at ``frequency``, in app order."""
    names: list[str] = []
    for commands in answers("scheduled_commands"):
        names.extend(commands.get(frequency, ()))
    return names


# --- The system check -----------------------------------------------------------------------------------

# Django's own AppConfig attributes (some are only set on instances) and methods.
_BASE_ATTRIBUTES = set(dir(AppConfig)) | {
    "name", "label", "verbose_name", "path", "default", "default_auto_field", "module", "models_module", "apps",
    "models",
}  # fmt: skip


def _declared(config: AppConfig) -> dict[str, Any]:
    """The public attributes the app's own config classes set (below the base class)."""
    found: dict[str, Any] = {}
    for cls in reversed(type(config).__mro__):
        if cls is ComptoirAppConfig or not issubclass(cls, ComptoirAppConfig):
            continue
        for name, value in vars(cls).items():
            if not name.startswith("_") and name not in _BASE_ATTRIBUTES:
                found[name] = value
    return found


def _function_errors(config: AppConfig, spec: HookSpec, function: Any, path: str) -> list[checks.CheckMessage]:
    where = f"{type(config).__name__}.{spec.name}"
    if not callable(function):
        return [checks.Error(f"{where} = {path!r} is not a function.", obj=config, id="comptoir.E004")]
    expected = f"{config.name}.hooks"
    errors: list[checks.CheckMessage] = []
    if path.partition(":")[0] != expected:
        errors.append(
            checks.Error(
                f"{where} = {path!r} must point into the app's hooks module.",
                hint=f"Declare the entry point in {expected} (it may call the implementation elsewhere).",
                obj=config, id="comptoir.E006",
            )
        )  # fmt: skip
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return errors
    parameters = signature.parameters.values()
    takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters)
    accepted = {p.name for p in parameters if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}
    missing = [k for k in spec.keywords if k not in accepted and not takes_any]
    required = [
        p.name for p in parameters
        if p.default is p.empty and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD, p.POSITIONAL_ONLY)
        and p.name not in spec.keywords
    ]  # fmt: skip
    if missing or required:
        errors.append(
            checks.Error(
                f"{where} = {path!r} must accept the keywords {', '.join(spec.keywords)}"
                + (f" (it lacks {', '.join(missing)})" if missing else "")
                + (f" and requires no other (it requires {', '.join(required)})" if required else "")
                + ".",
                obj=config, id="comptoir.E005",
            )
        )  # fmt: skip
    return errors


def _value_errors(config: AppConfig, spec: HookSpec, value: Any) -> list[checks.CheckMessage]:
    where = f"{type(config).__name__}.{spec.name}"
    expected = {"module": str, "object": str, "function": str, "value": str, "list": list | tuple, "mapping": dict}
    if value is None:
        return []
    if not isinstance(value, expected[spec.kind]):
        message = f"{where} must be a {spec.kind}, not {type(value).__name__}."
        return [checks.Error(message, obj=config, id="comptoir.E003")]
    if spec.kind == "module":
        assert isinstance(value, str)  # checked above
        try:
            import_module(value)
        except ImportError as error:
            return [checks.Error(f"{where} = {value!r} does not import: {error}", obj=config, id="comptoir.E002")]
    elif spec.kind in ("object", "function"):
        assert isinstance(value, str)  # checked above
        try:
            found = resolve(value)
        except ImportError as error:
            return [checks.Error(f"{where} = {value!r} does not import: {error}", obj=config, id="comptoir.E002")]
        if spec.kind == "function":
            return _function_errors(config, spec, found, value)
    elif spec.kind == "list" and spec.item_type and value:
        item_type = import_string(spec.item_type)
        wrong = [item for item in value if not isinstance(item, item_type)]
        if wrong:
            return [
                checks.Error(f"{where} holds {wrong[0]!r}, not a {item_type.__name__}.", obj=config, id="comptoir.E003")
            ]
    return []


def check_hooks(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse comptoir AppConfigs that declare what the registry does not know (see the module docstring)."""
    errors: list[checks.CheckMessage] = []
    configs = [c for c in (app_configs or apps.get_app_configs()) if c.name.startswith("comptoir.")]
    answering_one: dict[str, list[str]] = {}
    for config in configs:
        if not isinstance(config, ComptoirAppConfig):
            errors.append(
                checks.Error(
                    f"{type(config).__name__} ({config.name}) must inherit comptoir.core.registry.ComptoirAppConfig.",
                    obj=config, id="comptoir.E007",
                )
            )  # fmt: skip
            continue
        for name, value in _declared(config).items():
            spec = HOOKS.get(name)
            if spec is None:
                if inspect.isfunction(value) or isinstance(value, classmethod | staticmethod | property):
                    continue  # a method of the config (Django's own, such as ready(), are skipped above)
                close = difflib.get_close_matches(name, HOOKS, n=1)
                errors.append(
                    checks.Error(
                        f"{type(config).__name__}.{name} is not a hook Comptoir knows.",
                        hint=f"Did you mean {close[0]!r}?" if close else "See comptoir.core.registry.HOOKS.",
                        obj=config, id="comptoir.E001",
                    )
                )  # fmt: skip
                continue
            errors.extend(_value_errors(config, spec, value))
            if spec.combine == "one" and value:
                answering_one.setdefault(name, []).append(config.name)
    for name, names in answering_one.items():
        if len(names) > 1:
            errors.append(checks.Error(f"Only one app may answer {name!r}; {', '.join(names)} do.", id="comptoir.E008"))
    return errors
