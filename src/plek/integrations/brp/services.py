"""Comparing a person with the BRP and copying what the professional chooses.

Both go through the access policy first (changing the person's contact-and-identity data must
be allowed by the relation), and both are written to the processing log with the relation's
purpose: consulting the BRP is itself a processing of the person's data. The values copied are
those of a fresh answer from the BRP, never values sent back by the browser.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import may_read_person_files
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.integrations.brp import client
from plek.integrations.brp.activities import BRP_CONSULT, BRP_CONSULT_REGISTRATION, BRP_COPY
from plek.integrations.brp.client import BrpPerson, BrpUnavailable
from plek.integrations.models_brp import BrpConfig, BrpCopy
from plek.people.bsn import is_valid_bsn
from plek.people.models import Person, Sex
from plek.people.selectors import DOSSIER_CONTACT_KINDS, authorise, open_for_change

# What plek can take over from the BRP: plek's field and its label.
COPYABLE: dict[str, Promise] = {
    "initials": gettext_lazy("Voorletters"),
    "family_name": gettext_lazy("Achternaam"),
    "birth_date": gettext_lazy("Geboortedatum"),
    "sex": gettext_lazy("Geslacht"),
    "street": gettext_lazy("Straat"),
    "house_number": gettext_lazy("Huisnummer"),
    "postcode": gettext_lazy("Postcode"),
}
ADDRESS_FIELDS = frozenset({"street", "house_number", "postcode"})
# What the processing log names for a consultation (kinds of data, as the rest of plek words them).
BRP_DATA_KINDS = ("naam", "geboortedatum", "geslacht", "adres")
# The BRP's sex codes in plek's: O (onbekend) is plek's X.
SEX_FROM_BRP = {"M": Sex.MAN, "V": Sex.VROUW, "O": Sex.ANDERS}


@dataclass(frozen=True)
class Row:
    field: str
    label: str
    plek_value: str
    brp_value: str

    @property
    def differs(self) -> bool:
        return self.plek_value != self.brp_value


@dataclass(frozen=True)
class Comparison:
    person: Person
    found: bool
    rows: list[Row]


def current_config() -> BrpConfig:
    return BrpConfig.objects.filter(pk=1).first() or BrpConfig(pk=1)


def brp_values(answer: BrpPerson) -> dict[str, object]:
    """The BRP's answer as values of plek's fields."""
    return {
        "initials": answer.initials,
        "family_name": answer.family_name,
        "birth_date": answer.birth_date,
        "sex": SEX_FROM_BRP.get(answer.sex, Sex.ANDERS),
        "street": answer.street,
        "house_number": answer.house_number,
        "postcode": answer.postcode,
    }


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _consult(actor: Actor, person: Person, purpose: str) -> BrpPerson | None:
    """Ask the BRP about a person plek holds; logged before the question leaves plek."""
    config = current_config()
    if not config.ready:
        raise BrpUnavailable(_("De koppeling met de BRP is niet ingesteld."))
    if not person.bsn:
        raise ValidationError({"bsn": _("BSN: deze persoon heeft geen BSN in plek.")})
    with transaction.atomic():
        record_processing(actor, LogAction.READ, BRP_CONSULT, person.pk, BRP_DATA_KINDS, purpose)
    protocol = client.Protocol(
        purpose=str(Purpose(purpose).label),
        processing=f"{purpose}@{BRP_CONSULT.code}",
        user=actor.user.get_username(),
    )
    return client.consult(config, person.bsn, protocol)


def compare(actor: Actor, person_id: int) -> Comparison:
    """What plek holds beside what the BRP says, field by field."""
    decision = authorise(actor, Action.CHANGE, person_id, kind=DataKind.CONTACT)
    assert decision.purpose is not None
    person, _consents = open_for_change(actor, person_id, DataKind.CONTACT, DOSSIER_CONTACT_KINDS)
    answer = _consult(actor, person, decision.purpose)
    if answer is None:
        return Comparison(person, False, [])
    values = brp_values(answer)
    rows = [
        Row(name, str(label), as_text(getattr(person, name)), as_text(values[name]))
        for name, label in COPYABLE.items()
    ]
    return Comparison(person, True, rows)


def copy_from_brp(actor: Actor, person_id: int, fields: Iterable[str]) -> list[BrpCopy]:
    """Take over the chosen fields from a fresh BRP answer; one transaction with the history."""
    decision = authorise(actor, Action.CHANGE, person_id, kind=DataKind.CONTACT)
    assert decision.purpose is not None
    chosen = [name for name in COPYABLE if name in set(fields)]
    if not chosen:
        raise ValidationError(
            {"chosen": _("Velden: kies ten minste één gegeven om over te nemen.")}
        )
    person = Person.objects.get(pk=person_id)
    answer = _consult(actor, person, decision.purpose)
    if answer is None:
        raise ValidationError(_("De BRP kent deze persoon (niet meer): er is niets overgenomen."))
    values = brp_values(answer)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person_id)
        if person.no_fixed_address and ADDRESS_FIELDS.intersection(chosen):
            raise ValidationError(
                {
                    "fields": _(
                        "Adres: in plek staat deze persoon als zonder vaste woon- of "
                        "verblijfplaats. Pas dat eerst aan bij de contactgegevens."
                    )
                }
            )
        copies = []
        for name in chosen:
            old, new = getattr(person, name), values[name]
            if as_text(old) == as_text(new):
                continue
            setattr(person, name, new)
            copies.append(
                BrpCopy(
                    person=person,
                    field=name,
                    old_value=as_text(old)[:200],
                    new_value=as_text(new)[:200],
                    copied_by=actor.user,
                )
            )
        if not copies:
            return []
        person.full_clean(exclude=["external_id", "bsn"])
        person.save()
        BrpCopy.objects.bulk_create(copies)
        record_processing(
            actor,
            LogAction.CHANGE,
            BRP_COPY,
            person.pk,
            [str(COPYABLE[copy.field]).lower() for copy in copies],
            decision.purpose,
        )
    return copies


# The purpose a registration is made under (plek.people.services.create_person's default).
REGISTRATION_PURPOSE = Purpose.WMO_MO


def consult_for_registration(actor: Actor, bsn: str) -> dict[str, object] | None:
    """The BRP's answer for a person about to be registered, as values of plek's fields.

    Only casework roles, who may register persons; logged before the question leaves plek,
    without a person id (there is none yet; the BSN never goes into the log).
    """
    if not may_read_person_files(actor):
        raise AccessDenied()
    bsn = bsn.strip()
    if not is_valid_bsn(bsn):
        raise ValidationError(
            {"bsn": _("BSN: het moet uit 9 cijfers bestaan en voldoen aan de elfproef.")}
        )
    config = current_config()
    if not config.ready:
        raise BrpUnavailable(_("De koppeling met de BRP is niet ingesteld."))
    with transaction.atomic():
        record_processing(
            actor,
            LogAction.READ,
            BRP_CONSULT_REGISTRATION,
            None,
            BRP_DATA_KINDS,
            REGISTRATION_PURPOSE,
        )
    protocol = client.Protocol(
        purpose=str(Purpose(REGISTRATION_PURPOSE).label),
        processing=f"{REGISTRATION_PURPOSE}@{BRP_CONSULT_REGISTRATION.code}",
        user=actor.user.get_username(),
    )
    answer = client.consult(config, bsn, protocol)
    return None if answer is None else brp_values(answer)
