"""Fuzzing every form of plek with hypothesis: random strings, huge values, NUL bytes, formula
strings and impossible dates in every field.

A form either accepts the post or names the field with a message; it never raises, whatever
the value, and never hands a NUL byte (which PostgreSQL refuses) or a 10 MB string on to a
service. Forms that need more than posted data to be built (an instance, an actor) are built with
what the page gives them where that is simple; the rest are listed and skipped by name.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import plek

NASTY = [
    "",
    " ",
    "\x00",
    "naam\x00",
    '=HYPERLINK("http://x")',
    "+31612345678",
    "@SUM(A1:A9)",
    "31-02-2024",
    "2024-02-30",
    "0000-00-00",
    "9999-99-99",
    "1-1-99999",
    "-1",
    "99999999999999999999999999",
    "1e400",
    "NaN",
    "Infinity",
    "0x10",
    "<script>alert(1)</script>",
    "'; DROP TABLE people_person; --",
    "\ufeff",
    "ü\u202e",
    "x" * 100_000,
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=50), st.integers().map(str))


def _form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.walk_packages(plek.__path__, "plek."):
        name = module_info.name
        if not (name.endswith(".forms") or ".forms_" in name or name.endswith("_forms")):
            continue
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == name
                and not inspect.isabstract(cls)
                and not issubclass(cls, forms.BaseModelForm)
            ):
                found[f"{name}.{cls.__name__}"] = cls
    return [found[key] for key in sorted(found)]


def _build(cls: type[forms.BaseForm], data: dict[str, Any]) -> forms.BaseForm | None:
    try:
        return cls(data=data)
    except TypeError:
        return None  # needs more than posted data (an actor, an instance)


FORMS = _form_classes()


def test_there_are_forms_to_fuzz() -> None:
    assert len(FORMS) > 20


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
@settings(
    max_examples=15,
    deadline=3000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_a_form_names_the_field_or_accepts_and_never_passes_nul(
    form_class: type[forms.BaseForm], data: st.DataObject
) -> None:
    probe = _build(form_class, {})
    if probe is None:
        pytest.skip("form needs more than posted data")
    post = {name: data.draw(values, label=name) for name in probe.fields}
    form = _build(form_class, post)
    assert form is not None
    if not form.is_valid():
        for field, messages in form.errors.items():
            assert field == "__all__" or field in form.fields
            assert all(str(message).strip() for message in messages)
        return
    for name, value in form.cleaned_data.items():
        if isinstance(value, str):
            assert "\x00" not in value, name
