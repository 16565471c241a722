"""iWmo: WMO301 out, WMO302 in; WMO305/307 in, WMO306/308 out; all checked against the XSDs."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from plek.access.models import ProcessingLogEntry
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.integrations.iwmo import messages, services
from plek.integrations.iwmo.messages import MessageError
from plek.integrations.models_iwmo import IwmoAllocation, IwmoMessage, MessageState
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.protection.helpers import consultant, indication

pytestmark = pytest.mark.django_db
D = datetime.date
AGB = "12345678"


@pytest.fixture
def admin() -> Actor:
    membership = MembershipFactory(role=Role.BEHEER)
    return Actor(user=membership.user, membership=membership)


def allocated(admin: Actor, kind: str = "beschermd_thuis") -> tuple[IwmoMessage, IwmoAllocation]:
    provider = OrganisationFactory(kind="zorgaanbieder")
    services.register_provider(admin, provider.pk, AGB)
    person = PersonFactory(birth_date=D(1980, 5, 17))
    indication(consultant(), person, kind, D(2025, 1, 1), D(2025, 12, 31), provider=provider)
    [message] = services.allocate(admin, day=D(2025, 1, 2))
    return message, message.allocations.get()


def provider_message(kind: str, allocation: IwmoAllocation, ident: str, **product: object) -> str:
    person = allocation.indication.person
    line = {"number": allocation.number, "category": "08", "code": allocation.product_code}
    line.update(product)
    header = messages.Header(
        kind=kind,
        sender=AGB,
        receiver=allocation.message.sender,
        identification=ident,
        dated=D(2025, 2, 1),
    )
    client = messages.Client(
        bsn=person.bsn or "",
        birth_date=person.birth_date or D(1980, 1, 1),
        sex="0",
        family_name=person.family_name,
        products=[line],
    )
    return messages.write(messages.Message(header=header, clients=[client]))


def test_the_allocation_is_a_valid_wmo301(admin: Actor) -> None:
    message, allocation = allocated(admin, "beschermd_wonen")
    assert messages.first_problem("wmo301", message.xml) == ""
    assert "<Bsn>" in message.xml and allocation.indication.person.bsn in message.xml
    assert message.state == MessageState.READY and message.receiver == AGB
    assert "<Eenheid>14</Eenheid>" in message.xml  # BW: seven days and nights a week
    # A second run allocates nothing twice.
    assert services.allocate(admin, day=D(2025, 1, 2)) == []


def test_export_writes_the_files_and_logs_the_persons(admin: Actor, tmp_path: Path) -> None:
    message, allocation = allocated(admin)
    [path] = services.export_pending(admin, tmp_path)
    assert path.read_text(encoding="utf-8") == message.xml
    message.refresh_from_db()
    assert message.state == MessageState.EXPORTED
    entry = ProcessingLogEntry.objects.get(activity_code=services.IWMO_SEND.code)
    assert entry.person_id == allocation.indication.person_id
    assert services.export_pending(admin, tmp_path) == []  # nothing twice


def test_a_wmo302_with_a_rejection_code_is_shown_on_the_allocation(admin: Actor) -> None:
    message, allocation = allocated(admin)
    header = messages.Header(
        kind="wmo302",
        sender=AGB,
        receiver=message.sender,
        identification="R1",
        dated=D(2025, 1, 3),
        answers_identification=message.identification,
        answers_dated=message.dated,
    )
    line = messages.ReturnLine(
        bsn=allocation.indication.person.bsn or "", codes=[], products={allocation.number: ["8001"]}
    )
    text = messages.write(messages.Message(header=header, codes=["0200"], returns=[line]))
    services.import_message(admin, "wmo302.xml", text)
    allocation.refresh_from_db()
    assert allocation.accepted is False and "8001" in allocation.return_codes


def test_reading_a_wmo305_starts_and_a_wmo307_stops_the_support(admin: Actor) -> None:
    _message, allocation = allocated(admin)
    start = provider_message("wmo305", allocation, "S1", start=D(2025, 2, 1))
    services.import_message(admin, "start.xml", start)
    allocation.refresh_from_db()
    assert allocation.started_on == D(2025, 2, 1)
    answer = IwmoMessage.objects.get(kind="wmo306")
    assert answer.outgoing and messages.first_problem("wmo306", answer.xml) == ""
    assert "<RetourCode>0200</RetourCode>" in answer.xml

    stop = provider_message(
        "wmo307", allocation, "S2", start=D(2025, 2, 1), end=D(2025, 6, 30), reason="02"
    )
    services.import_message(admin, "stop.xml", stop)
    allocation.refresh_from_db()
    assert allocation.stopped_on == D(2025, 6, 30) and allocation.stop_reason == "02"
    answer = IwmoMessage.objects.get(kind="wmo308")
    assert messages.first_problem("wmo308", answer.xml) == ""
    # Reading them back: the return message says what plek accepted.
    parsed = messages.read(answer.xml, "wmo308.xml")
    assert parsed.returns[0].products == {allocation.number: ["0200"]}


def test_a_start_outside_the_allocation_is_refused_with_a_code(admin: Actor) -> None:
    _message, allocation = allocated(admin)
    start = provider_message("wmo305", allocation, "S1", start=D(2026, 2, 1))
    incoming = services.import_message(admin, "start.xml", start)
    allocation.refresh_from_db()
    assert allocation.started_on is None
    assert incoming.return_codes == [f"{allocation.number}:{services.OUTSIDE_ALLOCATION}"]


def test_invalid_xml_is_refused_in_dutch_naming_the_element(admin: Actor) -> None:
    _message, allocation = allocated(admin)
    start = provider_message("wmo305", allocation, "S1", start=D(2025, 2, 1))
    broken = start.replace(f"<Afzender>{AGB}</Afzender>", "<Afzender>123</Afzender>")
    with pytest.raises(MessageError) as caught:
        services.import_message(admin, "start.xml", broken)
    assert "start.xml: element /Bericht/Header/Afzender" in str(caught.value)
    with pytest.raises(MessageError, match=r"kapot.xml:1:\d+: geen geldige XML"):
        services.import_message(admin, "kapot.xml", "<Bericht><Header>")
    assert not IwmoMessage.objects.filter(outgoing=False).exists()  # nothing half-written


def test_the_same_message_twice_is_refused(admin: Actor) -> None:
    _message, allocation = allocated(admin)
    start = provider_message("wmo305", allocation, "S1", start=D(2025, 2, 1))
    services.import_message(admin, "start.xml", start)
    with pytest.raises(MessageError, match="al ingelezen"):
        services.import_message(admin, "start.xml", start)


def test_only_the_functional_admin(admin: Actor) -> None:
    caseworker = MembershipFactory(role=Role.TOEGANG)
    with pytest.raises(PermissionDenied):
        services.allocate(Actor(user=caseworker.user, membership=caseworker))


def test_the_command_exports_and_imports_through_a_folder(admin: Actor, tmp_path: Path) -> None:
    from django.core.management import CommandError, call_command

    _message, allocation = allocated(admin)
    call_command("iwmo", "export", str(tmp_path / "uit"))
    [written] = (tmp_path / "uit").iterdir()
    assert messages.first_problem("wmo301", written.read_text(encoding="utf-8")) == ""
    start = tmp_path / "start.xml"
    start.write_text(
        provider_message("wmo305", allocation, "S9", start=D(2025, 3, 1)), encoding="utf-8"
    )
    call_command("iwmo", "import", str(start))
    allocation.refresh_from_db()
    assert allocation.started_on == D(2025, 3, 1)
    bad = tmp_path / "fout.xml"
    bad.write_text(start.read_text(encoding="utf-8").replace("<Bsn>", "<Bsn>x"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"fout\.xml: element /Bericht/Client/Bsn"):
        call_command("iwmo", "import", str(bad))


def test_the_page_for_the_functional_admin(client, admin: Actor) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import login_fully

    _message, allocation = allocated(admin)
    login_fully(client, admin.membership)  # type: ignore[arg-type]
    page = client.get("/beheer/iwmo/")
    assert page.status_code == 200 and "1 bericht staat klaar." in page.content.decode()
    download = client.post("/beheer/iwmo/ophalen/")
    assert download["Content-Type"] == "application/zip"
    start = provider_message("wmo305", allocation, "S1", start=D(2026, 2, 1))
    upload = SimpleUploadedFile("start.xml", start.encode(), content_type="text/xml")
    answer = client.post("/beheer/iwmo/", {"bestand": upload}, follow=True)
    text = answer.content.decode()
    assert f"{allocation.number}: 9003 (datum valt buiten de toewijzing)" in text
    broken = SimpleUploadedFile("kapot.xml", b"<Bericht>", content_type="text/xml")
    answer = client.post("/beheer/iwmo/", {"bestand": broken}, follow=True)
    assert "kapot.xml:1:" in answer.content.decode()
    caseworker = MembershipFactory(role=Role.TOEGANG)
    login_fully(client, caseworker)
    assert client.get("/beheer/iwmo/").status_code == 403
