"""Four eyes on power (issue 9, item 4 / finding #3).

A functional admin could give themselves a casework membership, backdated, switch to it and read
files, with nobody else involved and nothing in the processing log. Now a case-file role needs a
second functional admin, nobody approves their own, backdating is refused, every change is in the
processing log, and the privacy officer sees the changes to case-file roles.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.access.models import ProcessingLogEntry
from plek.accounts import services
from plek.accounts.context import Actor
from plek.accounts.models import Membership, MembershipChange, MembershipStatus
from plek.accounts.roles import Role
from tests.conftest import login_fully
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _actor(membership: Membership) -> Actor:
    return Actor(membership.user, membership, request_id="test-four-eyes-01")


@pytest.fixture
def admins(member: Callable[..., Membership]) -> tuple[Actor, Actor]:
    return _actor(member(Role.BEHEER)), _actor(member(Role.BEHEER))


def _new(user: object, role: str = Role.REGISSEUR, **kwargs: object) -> Membership:
    return Membership(
        user=user,
        organisation=OrganisationFactory(),
        role=role,
        start_date=kwargs.pop("start_date", timezone.localdate()),
        **kwargs,
    )


def test_an_admin_giving_themselves_a_case_file_role_does_not_get_it(
    admins: tuple[Actor, Actor],
) -> None:
    first, _second = admins
    membership = services.save_membership(first, _new(first.user))
    assert membership.status == MembershipStatus.REQUESTED
    assert not first.user.active_memberships().filter(pk=membership.pk).exists()
    # ... and cannot approve it either: not their own request, not their own membership.
    with pytest.raises(ValidationError, match="tweede functioneel beheerder"):
        services.decide_membership(first, membership.pk, approve=True)


def test_a_second_admin_approves_and_only_then_it_is_active(
    admins: tuple[Actor, Actor],
) -> None:
    first, second = admins
    worker = UserFactory()
    membership = services.save_membership(first, _new(worker))
    assert not worker.active_memberships().exists()
    services.decide_membership(second, membership.pk, approve=True)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == second.user
    assert list(worker.active_memberships()) == [membership]
    with pytest.raises(ValidationError, match="al beslist"):
        services.decide_membership(second, membership.pk, approve=False)


def test_the_requester_may_not_approve_a_request_for_someone_else(
    admins: tuple[Actor, Actor],
) -> None:
    first, _second = admins
    membership = services.save_membership(first, _new(UserFactory()))
    with pytest.raises(ValidationError):
        services.decide_membership(first, membership.pk, approve=True)


def test_a_second_admin_may_not_approve_a_request_for_themselves(
    admins: tuple[Actor, Actor],
) -> None:
    first, second = admins
    membership = services.save_membership(first, _new(second.user))
    with pytest.raises(ValidationError):
        services.decide_membership(second, membership.pk, approve=True)


def test_a_rejected_request_never_becomes_active(admins: tuple[Actor, Actor]) -> None:
    first, second = admins
    worker = UserFactory()
    membership = services.save_membership(first, _new(worker))
    services.decide_membership(second, membership.pk, approve=False)
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.REJECTED
    assert not worker.active_memberships().exists()


def test_roles_without_files_need_no_second_admin(admins: tuple[Actor, Actor]) -> None:
    first, _second = admins
    worker = UserFactory()
    membership = services.save_membership(first, _new(worker, role=Role.BELEID))
    assert membership.status == MembershipStatus.APPROVED
    assert list(worker.active_memberships()) == [membership]


def test_changing_an_approved_membership_to_more_power_needs_approval_again(
    admins: tuple[Actor, Actor],
) -> None:
    first, second = admins
    worker = UserFactory()
    membership = services.save_membership(first, _new(worker, role=Role.BELEID))
    membership.role = Role.TOEGANG
    services.save_membership(first, membership)
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.REQUESTED
    assert not worker.active_memberships().exists()
    services.decide_membership(second, membership.pk, approve=True)
    # Ending it earlier takes power away: no approval needed, it stays active until then.
    membership.refresh_from_db()
    membership.end_date = timezone.localdate() + datetime.timedelta(days=10)
    services.save_membership(first, membership)
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.APPROVED
    # Lifting the end again lengthens the power: approval again.
    membership.end_date = None
    services.save_membership(first, membership)
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.REQUESTED


def test_backdating_is_refused(admins: tuple[Actor, Actor]) -> None:
    first, _second = admins
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for role in (Role.REGISSEUR, Role.BELEID):
        with pytest.raises(ValidationError) as caught:
            services.save_membership(first, _new(UserFactory(), role=role, start_date=yesterday))
        assert "terugwerkende kracht" in str(caught.value)
    assert not Membership.objects.filter(start_date=yesterday).exists()


def test_an_existing_membership_may_keep_its_past_start(admins: tuple[Actor, Actor]) -> None:
    first, _second = admins
    old = MembershipFactory(role=Role.BELEID, start_date=datetime.date(2020, 1, 1))
    old.end_date = timezone.localdate() + datetime.timedelta(days=5)
    services.save_membership(first, old)
    old.start_date = datetime.date(2019, 1, 1)
    with pytest.raises(ValidationError, match="terugwerkende kracht"):
        services.save_membership(first, old)


def test_every_membership_change_is_in_the_processing_log(admins: tuple[Actor, Actor]) -> None:
    first, second = admins
    before = ProcessingLogEntry.objects.count()
    membership = services.save_membership(first, _new(UserFactory()))
    services.decide_membership(second, membership.pk, approve=True)
    services.save_membership(first, _new(UserFactory(), role=Role.BELEID))
    entries = list(
        ProcessingLogEntry.objects.filter(activity_code="beheer.lidmaatschap_wijzigen").order_by(
            "timestamp"
        )
    )
    assert ProcessingLogEntry.objects.count() == before + 3
    assert [(e.user_id, e.action, e.purpose) for e in entries] == [
        (first.user.pk, "create", "toegangsbeheer"),
        (second.user.pk, "change", "toegangsbeheer"),
        (first.user.pk, "create", "toegangsbeheer"),
    ]
    assert all(e.request_id == "test-four-eyes-01" for e in entries)
    events = list(
        MembershipChange.objects.filter(membership=membership)
        .order_by("pk")
        .values_list("event", "changed_by")
    )
    assert events == [("aangevraagd", first.user.pk), ("goedgekeurd", second.user.pk)]


def test_the_admin_pages_request_and_approve(member: Callable[..., Membership]) -> None:
    first, second = member(Role.BEHEER), member(Role.BEHEER)
    one, two = login_fully(Client(), first), login_fully(Client(), second)
    # The admin gives themselves a casework membership through the form.
    response = one.post(
        reverse("beheer:membership-create"),
        {
            "user": first.user.pk,
            "organisation": first.organisation.pk,
            "team": "",
            "role": Role.REGISSEUR,
            "start_date": timezone.localdate().isoformat(),
            "end_date": "",
        },
    )
    assert response.status_code == 302
    requested = Membership.objects.get(user=first.user, role=Role.REGISSEUR)
    assert requested.status == MembershipStatus.REQUESTED
    # Switching to it is refused: it is not active.
    one.post(reverse("accounts:switch-membership"), {"membership": requested.pk})
    assert one.session["plek_membership_id"] == first.pk
    # The requester sees it waiting but gets no buttons; a forged POST is refused.
    page = one.get(reverse("beheer:membership-approvals")).content.decode()
    assert first.user.username in page and "Een andere beheerder beslist." in page
    one.post(
        reverse("beheer:membership-approvals"),
        {"membership": requested.pk, "decision": "approve"},
    )
    assert Membership.objects.get(pk=requested.pk).status == MembershipStatus.REQUESTED
    # The second admin sees it on the start page and approves it.
    home = two.get(reverse("web:home")).content.decode()
    assert "Dossierrollen die wachten op goedkeuring" in home
    two.post(
        reverse("beheer:membership-approvals"),
        {"membership": requested.pk, "decision": "approve"},
    )
    assert Membership.objects.get(pk=requested.pk).status == MembershipStatus.APPROVED


def test_the_privacy_officer_sees_the_changes_to_case_file_roles(
    admins: tuple[Actor, Actor], client_as: Callable[..., Client]
) -> None:
    first, second = admins
    worker = UserFactory(username="nieuwe-regisseur")
    membership = services.save_membership(first, _new(worker))
    services.decide_membership(second, membership.pk, approve=True)
    services.save_membership(first, _new(UserFactory(username="beleid-x"), role=Role.BELEID))
    privacy = client_as(Role.PRIVACY)
    home = privacy.get(reverse("web:home")).content.decode()
    url = reverse("accounts-privacy:role-changes")
    assert f'href="{url}"' in home
    page = privacy.get(url).content.decode()
    assert "nieuwe-regisseur" in page and "Goedgekeurd" in page and "Aangevraagd" in page
    assert second.user.username in page
    # Only case-file roles are listed.
    assert "beleid-x" not in page


def test_only_the_privacy_officer_sees_that_page(client_as: Callable[..., Client]) -> None:
    url = reverse("accounts-privacy:role-changes")
    for role in (Role.BEHEER, Role.REGISSEUR, Role.BELEID):
        assert client_as(role).get(url).status_code == 403


def test_only_functional_admins_reach_the_approvals(client_as: Callable[..., Client]) -> None:
    url = reverse("beheer:membership-approvals")
    assert client_as(Role.PRIVACY).get(url).status_code == 403
    assert client_as(Role.BEHEER).get(url).status_code == 200
