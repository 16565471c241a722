"""The functional admin's pages for money: tariffs over time and the allocation model."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.core.forms import errors_onto_form
from plek.finance import allocation, services_admin
from plek.finance.models import AllocationModel, DayTariff, MunicipalityShare, ProductTariff
from plek.housing.models import Facility
from plek.protection.models import Product
from plek.web.components import Cell, Table

PAGE_SIZE = 25
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProductTariffForm(forms.Form):
    product = forms.ModelChoiceField(
        label=gettext_lazy("Product"), queryset=Product.objects.order_by("code")
    )
    valid_from = forms.DateField(label=gettext_lazy("Geldig vanaf"), widget=DATE)
    amount = forms.DecimalField(
        label=gettext_lazy("Tarief per eenheid (euro)"), min_value=0, decimal_places=2
    )


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["code", "name", "unit"]
        labels = {
            "code": gettext_lazy("Productcode"),
            "name": gettext_lazy("Naam van het product"),
            "unit": gettext_lazy("Eenheid van het product"),
        }


class DayTariffForm(forms.Form):
    facility = forms.ModelChoiceField(
        label=gettext_lazy("Voorziening"), queryset=Facility.objects.order_by("name")
    )
    valid_from = forms.DateField(label=gettext_lazy("Dagtarief geldig vanaf"), widget=DATE)
    amount = forms.DecimalField(
        label=gettext_lazy("Dagtarief (euro)"), min_value=0, decimal_places=2
    )


class TariffSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Dagtarieven zoeken op voorziening"), required=False)


def _crumbs(title: str) -> list[tuple[Any, str]]:
    return [
        (gettext_lazy("Start"), reverse("web:home")),
        (gettext_lazy("Beheer"), reverse("beheer:index")),
        (title, ""),
    ]


@functional_admin
@require_http_methods(["GET", "POST"])
def tariffs(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    product_form = ProductTariffForm(request.POST if kind == "product" else None, prefix="p")
    day_form = DayTariffForm(request.POST if kind == "day" else None, prefix="d")
    new_product_form = ProductForm(request.POST if kind == "new-product" else None, prefix="n")
    actor = actor_from_request(request)
    if kind == "new-product" and new_product_form.is_valid():
        try:
            services_admin.save_product(actor, new_product_form.save(commit=False))
        except ValidationError as exc:
            errors_onto_form(new_product_form, exc)
        else:
            messages.success(request, _("Product opgeslagen."))
            return redirect("finance:admin-tariffs")
    if kind == "product" and product_form.is_valid():
        data = product_form.cleaned_data
        try:
            services_admin.save_product_tariff(
                actor, data["product"], data["valid_from"], data["amount"]
            )
        except ValidationError as exc:
            errors_onto_form(product_form, exc)
        else:
            messages.success(request, _("Producttarief opgeslagen."))
            return redirect("finance:admin-tariffs")
    if kind == "day" and day_form.is_valid():
        data = day_form.cleaned_data
        try:
            services_admin.save_day_tariff(
                actor, data["facility"], data["valid_from"], data["amount"]
            )
        except ValidationError as exc:
            errors_onto_form(day_form, exc)
        else:
            messages.success(request, _("Dagtarief opgeslagen."))
            return redirect("finance:admin-tariffs")
    search = TariffSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    day_rows = DayTariff.objects.select_related("facility").order_by(
        "facility__name", "-valid_from", "id"
    )
    if query:
        day_rows = day_rows.filter(facility__name__icontains=query)
    page = Paginator(day_rows, PAGE_SIZE).get_page(request.GET.get("page"))
    product_table = Table(
        _("Producttarieven"),
        (_("Product"), _("Eenheid"), _("Geldig vanaf"), _("Tarief (euro)")),
        [
            [
                Cell(f"{t.product.code} · {t.product.name}"),
                Cell(t.product.get_unit_display()),
                Cell(date_format(t.valid_from, "j F Y")),
                Cell(localize(t.amount), numeric=True),
            ]
            for t in ProductTariff.objects.select_related("product").order_by(
                "product__code", "-valid_from"
            )
        ],
        empty_text=_("Nog geen producttarieven."),
    )
    day_table = Table(
        _("Dagtarieven door de tijd"),
        (_("Voorziening"), _("Geldig vanaf"), _("Dagtarief (euro)")),
        [
            [
                Cell(t.facility.name),
                Cell(date_format(t.valid_from, "j F Y")),
                Cell(localize(t.amount), numeric=True),
            ]
            for t in page
        ],
        empty_text=_("Niets gevonden.")
        if query
        else _("Nog geen dagtarieven door de tijd; elke voorziening kost haar eigen dagtarief."),
    )
    title = _("Tarieven")
    context = {
        "title": title,
        "product_form": product_form,
        "day_form": day_form,
        "new_product_form": new_product_form,
        "product_table": product_table,
        "day_table": day_table,
        "search": search,
        "page": page,
        "crumbs": _crumbs(title),
    }
    return render(request, "finance/beheer/tariffs.html", context)


class AllocationForm(forms.Form):
    first_year = forms.IntegerField(
        label=gettext_lazy("Eerste jaar van de afbouw"), min_value=2000, max_value=2100
    )
    phase_out_years = forms.IntegerField(
        label=gettext_lazy("Afbouwperiode (jaren)"), min_value=1, max_value=50
    )

    def __init__(self, *args: Any, shares: list[MunicipalityShare], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shares = shares
        for share in shares:
            name = share.municipality.name
            self.fields[f"h{share.municipality_id}"] = forms.DecimalField(
                label=_("Historisch aandeel %(name)s") % {"name": name},
                min_value=0,
                max_value=1,
                decimal_places=6,
                initial=share.historical,
            )
            self.fields[f"o{share.municipality_id}"] = forms.DecimalField(
                label=_("Objectief aandeel %(name)s") % {"name": name},
                min_value=0,
                max_value=1,
                decimal_places=6,
                initial=share.objective,
            )

    def share_values(self) -> dict[int, tuple[Decimal, Decimal]]:
        return {
            s.municipality_id: (
                self.cleaned_data[f"h{s.municipality_id}"],
                self.cleaned_data[f"o{s.municipality_id}"],
            )
            for s in self.shares
        }


@functional_admin
@require_http_methods(["GET", "POST"])
def allocation_model(request: HttpRequest) -> HttpResponse:
    models = list(AllocationModel.objects.order_by("name"))
    title = _("Verdeelmodel")
    if not models:
        empty: dict[str, Any] = {"title": title, "model": None, "crumbs": _crumbs(title)}
        return render(request, "finance/beheer/allocation.html", empty)
    chosen = request.GET.get("model") or request.POST.get("model")
    model = get_object_or_404(AllocationModel, pk=chosen) if chosen else models[0]
    shares = list(
        MunicipalityShare.objects.filter(model=model)
        .select_related("municipality")
        .order_by("municipality__name")
    )
    form = AllocationForm(
        request.POST or None,
        shares=shares,
        initial={"first_year": model.first_year, "phase_out_years": model.phase_out_years},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_admin.save_allocation(
                actor_from_request(request),
                model,
                form.cleaned_data["first_year"],
                form.cleaned_data["phase_out_years"],
                form.share_values(),
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Verdeelmodel opgeslagen."))
            return redirect(f"{reverse('finance:admin-allocation')}?model={model.pk}")
    years = range(model.first_year - 1, model.first_year + model.phase_out_years + 1)
    phase_out = Table(
        _("Afbouw: gewicht van het historische aandeel per jaar"),
        (_("Jaar"), _("Historisch gewicht"), _("Objectief gewicht")),
        [
            [
                Cell(year),
                Cell(f"{_weight(model, year):.0%}", numeric=True),
                Cell(f"{1 - _weight(model, year):.0%}", numeric=True),
            ]
            for year in years
        ],
    )
    context = {
        "title": title,
        "model": model,
        "models": models,
        "form": form,
        "phase_out": phase_out,
        "crumbs": _crumbs(title),
    }
    return render(request, "finance/beheer/allocation.html", context)


def _weight(model: AllocationModel, year: int) -> float:
    return float(allocation.historical_weight(model.first_year, model.phase_out_years, year))
