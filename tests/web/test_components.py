"""The template components: what each renders, so every page gets the same accessible markup."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from plek.web.components import Cell, Table, Worklist, WorklistItem
from plek.web.navigation import nav_items


@pytest.fixture(autouse=True)
def dutch() -> Iterator[None]:
    with translation.override("nl"):
        yield


def render(source: str, **context: object) -> str:
    return Template("{% load plek %}" + source).render(Context(context))


class ExampleForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals in het paspoort.")
    remark = forms.CharField(label="Opmerking", required=False, widget=forms.Textarea)
    agreed = forms.BooleanField(label="Akkoord", required=False)
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")])


def test_form_field_links_label_hint_and_error() -> None:
    form = ExampleForm(data={"kind": "a"})
    form.is_valid()
    html = render("{% form_field form.name %}", form=form)
    assert '<label class="utrecht-form-label" for="id_name">Naam' in html
    assert 'id="id_name-hint"' in html and 'id="id_name-error"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert 'aria-invalid="true"' in html
    assert "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--invalid" in html


def test_form_field_marks_optional_fields_and_picks_the_widget_class() -> None:
    form = ExampleForm()
    assert "(niet verplicht)" in render("{% form_field form.remark %}", form=form)
    assert "utrecht-textarea" in render("{% form_field form.remark %}", form=form)
    assert "utrecht-select" in render("{% form_field form.kind %}", form=form)
    checkbox = render("{% form_field form.agreed %}", form=form)
    assert "utrecht-form-field--checkbox" in checkbox and "niet verplicht" not in checkbox
    assert "aria-describedby" not in render("{% form_field form.kind %}", form=form)


def test_form_errors_summary_names_and_links_each_field() -> None:
    form = ExampleForm(data={})
    form.is_valid()
    html = render("{% form_errors form %}", form=form)
    assert 'role="alert"' in html
    assert '<a class="utrecht-link utrecht-link--html-a" href="#id_name">Naam</a>:' in html
    assert render("{% form_errors form %}", form=ExampleForm()).strip() == ""


def test_data_table_uses_row_headers_and_shows_an_empty_text() -> None:
    table = Table("Gemeenten", ["Naam", "Aantal"], [[Cell("Dordrecht", "/x/"), Cell(3)]])
    html = render("{% data_table table %}", table=table)
    assert '<caption class="utrecht-table__caption">Gemeenten</caption>' in html
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert 'href="/x/"' in html
    empty = render("{% data_table table %}", table=Table("Leeg", ["Naam"], []))
    assert "Geen gegevens." in empty and 'colspan="1"' in empty


def test_worklist_panel_is_honest_when_empty() -> None:
    assert "Niets te doen" in render("{% worklist_panel w %}", w=Worklist("Mijn signalen"))
    full = Worklist("Mijn signalen", [WorklistItem("Signaal 1", "/s/1/", "vandaag")])
    html = render("{% worklist_panel w %}", w=full)
    assert 'href="/s/1/"' in html and "Niets te doen" not in html


def test_link_href_falls_back_to_the_path() -> None:
    assert render('{% link_href "web:home" %}') == "/"
    assert render('{% link_href "nope:missing" "/elders/" %}') == "/elders/"


def test_navigation_marks_the_current_page() -> None:
    items = nav_items("beheer", "/beheer/gemeenten/3/")
    current = [item.label for item in items if item.current]
    assert [str(label) for label in current] == ["Gemeenten"]
    assert [str(item.label) for item in nav_items(None, "/")] == ["Start"]
