"""Hook functions of the pretend app, right and wrong, for ``test_registry.py``."""


def billing_prepare(*, place, start, end, actor=None):
    return {}


def billing_prepare_without_end(*, place, start):
    return {}


def billing_prepare_wanting_more(*, place, start, end, currency):
    return {}


def billing_prepare_any(**kwargs):
    return {}


def booking_plans(*, place, person, at):
    return set()


NOT_A_FUNCTION = 3
