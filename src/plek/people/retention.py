"""Retention of persons: anonymised once nothing that needs their identity is kept.

Registered with ``plek.core.retention``. The retention job anonymises a person only when no
record of a kind that is still kept (plan, stay, signal, ...) refers to them; their sex and
municipality of origin stay (they identify nobody and keep sealed monitor figures explainable).
"""

from typing import Any

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.core.retention import ANONYMISE, RetentionKind, register

ANONYMOUS_NAME = "Geanonimiseerd"


def _anonymous_values() -> dict[str, Any]:
    return {
        "bsn": None,
        "external_id": Concat(Value("anoniem-"), Cast("pk", CharField())),
        "initials": "",
        "family_name": ANONYMOUS_NAME,
        "birth_date": None,
        "phone": "",
        "email": "",
        "street": "",
        "house_number": "",
        "postcode": "",
        "address_municipality": None,
        "no_fixed_address": False,
    }


def _already_anonymous() -> Q:
    return Q(family_name=ANONYMOUS_NAME, bsn__isnull=True, birth_date__isnull=True)


PERSON = register(
    RetentionKind(
        code="persoon",
        label=_("Persoonsgegevens (naam, BSN, geboortedatum, adres, contact)"),
        model="people.Person",
        end_field="updated_at",
        default_years=15,
        action=ANONYMISE,
        basis=_(
            "Instelbare standaard: de langste termijn van de dossiers (15 jaar), en pas als "
            "geen bewaard dossierstuk meer naar de persoon verwijst"
        ),
        purpose=Purpose.WMO_MO,
        person_field=None,
        anonymise=_anonymous_values,
        keep=_already_anonymous,
        # The monitor counts these per person (age band, sex, origin): a person stays who they
        # were for the monitor while any of them is kept.
        held_by=(
            "housing.WaitingEntry.person",
            "intake.Assessment.person",
            "postal.PostalApplication.person",
        ),
        data_kinds=("identiteit", "contact"),
        order=100,
    )
)
