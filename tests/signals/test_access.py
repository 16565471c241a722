"""Who sees signals: the assigned team and worker; signal sources only their own deliveries."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.access.models import ProcessingLogEntry
from plek.access.policy import decide, visible_person_ids
from plek.accounts.models import Membership
from plek.core.dates import today as plek_today
from plek.people.models import Person
from plek.signals import services
from plek.signals.models import Feedback
from tests.conftest import login_fully
from tests.factories import OrganisationFactory, PersonFactory, TeamFactory
from tests.signals.helpers import actor_of, delivery_csv, make_signal

pytestmark = pytest.mark.django_db


def test_the_assigned_team_and_worker_may_open_the_persons_file(
    member: Callable[..., Membership],
) -> None:
    team = TeamFactory()
    colleague = member("wijkteam", team=team)
    outsider = member("wijkteam", team=TeamFactory())
    worker = member("wijkteam")
    person = PersonFactory()
    signal = make_signal(person=person, team=team, worker=worker.user)

    for membership in (colleague, worker):
        decision = decide(actor_of(membership), "view", person.pk)
        assert decision.allowed and decision.basis == "signaal:toegewezen"
        assert person.pk in set(
            Person.objects.filter(pk__in=visible_person_ids(actor_of(membership))).values_list(
                "pk", flat=True
            )
        )
    assert not decide(actor_of(outsider), "view", person.pk).allowed

    # 90 days after the outcome the relation ends.
    signal.outcome, signal.outcome_on = "opgelost", timezone.localdate().replace(year=2000)
    signal.save()
    assert not decide(actor_of(colleague), "view", person.pk).allowed


def test_signal_pages_for_the_team_log_once_and_refuse_others(
    member: Callable[..., Membership],
) -> None:
    team = TeamFactory()
    membership = member("wijkteam", team=team)
    signal = make_signal(person=PersonFactory(), team=team)
    client = login_fully(Client(), membership)
    before = ProcessingLogEntry.objects.filter(person_id=signal.person_id).count()
    response = client.get(reverse("signals:detail", args=[signal.pk]))
    assert response.status_code == 200
    assert ProcessingLogEntry.objects.filter(person_id=signal.person_id).count() == before + 1

    address_signal = make_signal(team=team, postcode="3311AB", house_number=2)
    assert client.get(reverse("signals:detail", args=[address_signal.pk])).status_code == 200
    other = login_fully(Client(), member("wijkteam", team=TeamFactory()))
    assert other.get(reverse("signals:detail", args=[address_signal.pk])).status_code == 403
    assert other.get(reverse("signals:detail", args=[signal.pk])).status_code == 403


@pytest.mark.parametrize("role", ["signaalbron", "beleid", "beheer", "privacy"])
def test_roles_without_casework_see_no_signal(role: str, member) -> None:
    team = TeamFactory()
    signal = make_signal(person=PersonFactory(), team=team)
    client = login_fully(Client(), member(role, team=team))
    assert client.get(reverse("signals:detail", args=[signal.pk])).status_code == 403
    assert client.get(reverse("signals:list")).status_code == 403
    assert client.get(reverse("api-signal-list")).status_code == 403
    assert client.get(reverse("api-signal-detail", args=[signal.pk])).status_code == 403
    if role != "signaalbron":
        assert client.get(reverse("signals:deliveries")).status_code == 403
        assert client.get(reverse("api-delivery-list")).status_code == 403


def test_signal_sources_see_only_their_own_deliveries_and_feedback(
    member: Callable[..., Membership],
) -> None:
    mine = member("signaalbron", organisation=OrganisationFactory(kind="woningcorporatie"))
    theirs = member("signaalbron", organisation=OrganisationFactory(kind="nutsbedrijf"))
    my_delivery = services.upload_delivery(actor_of(mine), "mijn.csv", delivery_csv(2))
    their_delivery = services.upload_delivery(actor_of(theirs), "hun.csv", delivery_csv(2))
    services.store_delivery(actor_of(mine), my_delivery.pk)
    services.store_delivery(actor_of(theirs), their_delivery.pk)
    my_signal = my_delivery.signals.first()
    assert my_signal is not None
    Feedback.objects.create(
        signal=my_signal,
        organisation=mine.organisation,
        outcome="opgelost",
        reported_on=timezone.localdate(),
    )
    their_signal = their_delivery.signals.first()
    assert their_signal is not None
    Feedback.objects.create(
        signal=their_signal,
        organisation=theirs.organisation,
        outcome="ontruiming",
        reported_on=timezone.localdate(),
    )
    client = login_fully(Client(), mine)
    assert client.get(reverse("signals:delivery", args=[my_delivery.pk])).status_code == 200
    assert client.get(reverse("signals:delivery", args=[their_delivery.pk])).status_code == 404
    assert client.get(reverse("api-delivery-detail", args=[their_delivery.pk])).status_code == 404
    listed = client.get(reverse("api-delivery-list")).json()["results"]
    assert [item["filename"] for item in listed] == ["mijn.csv"]
    feedback = client.get(reverse("api-feedback-list")).json()["results"]
    assert [item["reference"] for item in feedback] == [my_signal.source_reference]
    page = client.get(reverse("signals:feedback")).content.decode()
    assert "Opgelost" in page and "Ontruiming" not in page
    # No person pages and no signal pages.
    assert client.get(reverse("signals:detail", args=[my_signal.pk])).status_code == 403
    if my_signal.person_id:
        assert client.get(reverse("people:detail", args=[my_signal.person_id])).status_code == 403
    # Deciding someone else's delivery is impossible.
    assert (
        client.post(
            reverse("api-delivery-decide", args=[their_delivery.pk]), {"keuze": "annuleren"}
        ).status_code
        == 404
    )


def test_upload_page_report_and_choice(member: Callable[..., Membership]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    source = member("signaalbron", organisation=OrganisationFactory(kind="woningcorporatie"))
    client = login_fully(Client(), source)
    bad = {3: "x-1,,J.,Fout,1980-01-01,3311AB,abc,,water,1.00,,,nee"}
    upload = SimpleUploadedFile("upload.csv", delivery_csv(3, bad), content_type="text/csv")
    response = client.post(reverse("signals:deliveries"), {"file": upload})
    assert response.status_code == 302
    report = client.get(response["Location"]).content.decode()
    assert "huisnummer: gebruik alleen cijfers" in report
    assert "Alleen de 2 geldige rijen opslaan" in report
    delivery_id = int(response["Location"].rstrip("/").split("/")[-1])
    assert my_count(source) == 0
    client.post(reverse("signals:delivery-decide", args=[delivery_id]), {"keuze": "opslaan"})
    assert my_count(source) == 2


def my_count(source: Membership) -> int:
    from plek.signals.models import Signal

    return Signal.objects.filter(source_organisation=source.organisation).count()


# --- finding #6: the signals on the same address are shown only when readable -------------------


def test_registering_a_signal_does_not_list_other_teams_signals_on_the_address() -> None:

    from django.test import Client
    from django.urls import reverse

    from plek.signals import services
    from tests.conftest import login_fully
    from tests.factories import MembershipFactory, PersonFactory, TeamFactory

    def team_member() -> Membership:
        team = TeamFactory()
        return MembershipFactory(role="wijkteam", team=team, organisation=team.organisation)

    ours, theirs = team_member(), team_member()
    address = {"postcode": "3311AB", "house_number": 7}
    today = plek_today()
    other_person = PersonFactory()
    their_person_signal = services.register_signal(
        actor_of(theirs),
        services.SignalInput(
            source="energie", urgency="normaal", received_on=today, person_id=None, **address
        ),
    )
    # Another team's signal about a person at the same address, linked through the address.
    their_person_signal.person = other_person
    their_person_signal.save(update_fields=["person"])
    their_address_signal = services.register_signal(
        actor_of(theirs),
        services.SignalInput(source="water", urgency="normaal", received_on=today, **address),
    )
    mine = services.register_signal(
        actor_of(ours),
        services.SignalInput(
            source="huurachterstand", urgency="normaal", received_on=today, **address
        ),
    )
    mine.refresh_from_db()
    assert mine.case_id is not None  # linked by the address
    html = login_fully(Client(), ours).get(reverse("signals:detail", args=[mine.pk])).content
    for other in (their_person_signal, their_address_signal):
        assert reverse("signals:detail", args=[other.pk]).encode() not in html
    # The other team still sees its own linked signals.
    html = (
        login_fully(Client(), theirs)
        .get(reverse("signals:detail", args=[their_address_signal.pk]))
        .content
    )
    assert reverse("signals:detail", args=[their_person_signal.pk]).encode() in html
