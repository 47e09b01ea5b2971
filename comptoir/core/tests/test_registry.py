"""The typed hook registry: what the system check refuses, how answers combine, overriding in tests."""

import pytest
from django.apps import AppConfig, apps
from django.core import checks

import comptoir.core.tests.fake_app as fake_module
from comptoir.core.registry import (
    HOOKS,
    ComptoirAppConfig,
    NavItem,
    answers,
    check_hooks,
    collect,
    hook_one,
    hooks,
    override_hook,
)
from comptoir.core.tests.fake_app import hooks as fake_hooks

FAKE = "comptoir.core.tests.fake_app"


def fake_config(base=ComptoirAppConfig, name=FAKE, **attributes) -> AppConfig:
    cls = type("FakeConfig", (base,), {"name": name, "__module__": __name__, **attributes})
    return cls(name, fake_module)


def ids(config, *more) -> list[str]:
    return [error.id for error in check_hooks(app_configs=[config, *more])]


def test_the_installed_apps_pass_the_check():
    assert check_hooks() == []
    assert checks.run_checks(tags=["comptoir"]) == []


def test_the_check_is_registered_by_the_core_app():
    assert check_hooks in checks.registry.registry.get_checks()


def test_every_comptoir_app_inherits_the_base_config():
    assert all(isinstance(c, ComptoirAppConfig) for c in apps.get_app_configs() if c.name.startswith("comptoir."))


def test_the_base_config_declares_every_hook_and_nothing_else():
    declared = {n for n in vars(ComptoirAppConfig) if not n.startswith("_")} - {"default"}
    assert declared == set(HOOKS)


def test_a_misspelt_hook_is_an_error_naming_the_right_one():
    errors = check_hooks(app_configs=[fake_config(billing_prepar=f"{FAKE}.hooks:billing_prepare")])
    assert [e.id for e in errors] == ["comptoir.E001"]
    assert "billing_prepar " in errors[0].msg and "'billing_prepare'" in errors[0].hint


def test_methods_of_a_config_are_not_hooks():
    assert ids(fake_config(ready=lambda self: None, helper=lambda self: None)) == []


def test_a_config_not_inheriting_the_base_is_an_error():
    assert ids(fake_config(base=AppConfig)) == ["comptoir.E007"]


def test_a_path_that_does_not_import_is_an_error():
    assert ids(fake_config(billing_prepare=f"{FAKE}.hooks:billing_prepared")) == ["comptoir.E002"]
    assert ids(fake_config(place_urls=f"{FAKE}.no_such_urls")) == ["comptoir.E002"]
    assert ids(fake_config(api_router="comptoir.nowhere:router")) == ["comptoir.E002"]


def test_a_value_of_the_wrong_type_is_an_error():
    assert ids(fake_config(nav_items="people:directory")) == ["comptoir.E003"]
    assert ids(fake_config(nav_items=[("Directory", "people:directory")])) == ["comptoir.E003"]
    assert ids(fake_config(scheduled_commands=["renew"])) == ["comptoir.E003"]
    assert ids(fake_config(resource_kinds=["room"])) == ["comptoir.E003"]


def test_a_path_to_something_not_callable_is_an_error():
    assert ids(fake_config(billing_prepare=f"{FAKE}.hooks:NOT_A_FUNCTION")) == ["comptoir.E004"]


def test_a_function_missing_a_declared_keyword_is_an_error():
    errors = check_hooks(app_configs=[fake_config(billing_prepare=f"{FAKE}.hooks:billing_prepare_without_end")])
    assert [e.id for e in errors] == ["comptoir.E005"] and "lacks end" in errors[0].msg


def test_a_function_requiring_an_undeclared_keyword_is_an_error():
    errors = check_hooks(app_configs=[fake_config(billing_prepare=f"{FAKE}.hooks:billing_prepare_wanting_more")])
    assert [e.id for e in errors] == ["comptoir.E005"] and "requires currency" in errors[0].msg


def test_right_functions_and_keyword_catch_alls_pass():
    assert ids(fake_config(billing_prepare=f"{FAKE}.hooks:billing_prepare")) == []
    assert ids(fake_config(billing_prepare=f"{FAKE}.hooks:billing_prepare_any")) == []


def test_a_function_outside_the_apps_hooks_module_is_an_error():
    config = fake_config(billing_prepare="comptoir.spaces.billing_bridge:billing_prepare")
    assert ids(config) == ["comptoir.E006"]


def test_a_hook_only_one_app_may_answer_refuses_a_second():
    first = fake_config(booking_allowance=f"{FAKE}.hooks:booking_plans")
    second = fake_config(booking_allowance=f"{FAKE}.hooks:booking_plans")
    assert ids(first, second) == ["comptoir.E008"]


def test_override_hook_replaces_the_apps_answers_then_restores_them():
    installed = hooks("booking_plans")
    assert installed  # coworking answers
    with override_hook("booking_plans", fake_hooks.booking_plans):
        assert hooks("booking_plans") == [fake_hooks.booking_plans]
        with override_hook("booking_plans"):
            assert hooks("booking_plans") == []
        assert hooks("booking_plans") == [fake_hooks.booking_plans]
    assert hooks("booking_plans") == installed


def test_override_hook_works_for_lists_and_values():
    item = NavItem("Pretend", "places:public", area="public", order=-1)
    with override_hook("nav_items", item):
        assert collect("nav_items") == [item]
    with override_hook("scheduled_commands", {"daily": ["pretend"]}):
        assert answers("scheduled_commands") == [{"daily": ["pretend"]}]
    with override_hook("booking_allowance"):
        assert hook_one("booking_allowance") is None


def test_reading_an_undeclared_hook_is_an_error():
    with pytest.raises(LookupError):
        hooks("billing_prepar")
    with pytest.raises(LookupError):
        collect("booking_plans")  # a function hook, not a list
    with pytest.raises(LookupError):
        override_hook("nav_item").__enter__()
