"""iWmo messages as XML: written from plain values, read back into plain values, both checked
against plek's schemas (``xsd/``). No database here: the services decide what goes in.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from xml.etree import ElementTree as ET

import xmlschema
from django.utils.translation import gettext as _
from xmlschema.exceptions import XMLResourceForbidden

XSD_DIR = Path(__file__).resolve().parent / "xsd"
VERSION, SUBVERSION = 3, 2
XSD_VERSION = "3.2.0"
# The message code of each message in the standard's numbering of its messages.
CODES = {"wmo301": 414, "wmo302": 415, "wmo305": 418, "wmo306": 419, "wmo307": 420, "wmo308": 421}
KIND_BY_CODE = {code: kind for kind, code in CODES.items()}
ACCEPTED = "0200"


def namespace(kind: str) -> str:
    return f"http://www.istandaarden.nl/iwmo/{VERSION}_{SUBVERSION}/{kind}/schema"


@functools.cache
def schema(kind: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD_DIR / f"{kind}.xsd"))


class MessageError(ValueError):
    """A message that is not what plek can read: the Dutch text names the file and element."""


@dataclass(frozen=True)
class Header:
    kind: str
    sender: str
    receiver: str
    identification: str
    dated: datetime.date
    answers_identification: str = ""
    answers_dated: datetime.date | None = None


@dataclass(frozen=True)
class Client:
    bsn: str
    birth_date: datetime.date
    sex: str  # 0, 1, 2
    family_name: str
    initials: str = ""
    products: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ReturnLine:
    bsn: str
    codes: list[str]
    products: dict[str, list[str]]  # allocation number → codes


@dataclass(frozen=True)
class Message:
    header: Header
    clients: list[Client] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # a return message's own codes
    returns: list[ReturnLine] = field(default_factory=list)


def _sub(parent: ET.Element, ns: str, name: str, text: object | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text.isoformat() if isinstance(text, datetime.date) else str(text)
    return element


def _header(root: ET.Element, ns: str, header: Header) -> None:
    head = _sub(root, ns, "Header")
    _sub(head, ns, "BerichtCode", CODES[header.kind])
    _sub(head, ns, "BerichtVersie", VERSION)
    _sub(head, ns, "BerichtSubversie", SUBVERSION)
    _sub(head, ns, "Afzender", header.sender)
    _sub(head, ns, "Ontvanger", header.receiver)
    _sub(head, ns, "Identificatie", header.identification)
    _sub(head, ns, "Dagtekening", header.dated)
    versions = _sub(head, ns, "XsdVersie")
    _sub(versions, ns, "BasisschemaXsdVersie", XSD_VERSION)
    _sub(versions, ns, "BerichtXsdVersie", XSD_VERSION)
    if header.answers_identification:
        _sub(head, ns, "IdentificatieRetour", header.answers_identification)
        _sub(head, ns, "DagtekeningRetour", header.answers_dated)


def _product(parent: ET.Element, ns: str, product: dict[str, Any]) -> None:
    item = _sub(parent, ns, "Product")
    _sub(item, ns, "Categorie", product["category"])
    if product.get("code"):
        _sub(item, ns, "Code", product["code"])


def write(message: Message) -> str:
    """The message as XML text; refuses (MessageError) what the schema does not allow."""
    kind = message.header.kind
    ns = namespace(kind)
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}Bericht")
    _header(root, ns, message.header)
    if message.returns or kind in ("wmo302", "wmo306", "wmo308"):
        _sub(_sub(root, ns, "RetourCodes"), ns, "RetourCode", (message.codes or [ACCEPTED])[0])
        line_name = {"wmo302": "ToegewezenProduct", "wmo306": "StartProduct"}.get(
            kind, "StopProduct"
        )
        for line in message.returns:
            client = _sub(root, ns, "Client")
            _sub(client, ns, "Bsn", line.bsn)
            if line.codes:
                codes = _sub(client, ns, "RetourCodes")
                for code in line.codes:
                    _sub(codes, ns, "RetourCode", code)
            for number, product_codes in line.products.items():
                item = _sub(client, ns, line_name)
                _sub(item, ns, "ToewijzingNummer", number)
                codes = _sub(item, ns, "RetourCodes")
                for code in product_codes:
                    _sub(codes, ns, "RetourCode", code)
    for person in message.clients:
        client = _sub(root, ns, "Client")
        _sub(client, ns, "Bsn", person.bsn)
        _sub(_sub(client, ns, "Geboortedatum"), ns, "Datum", person.birth_date)
        _sub(client, ns, "Geslacht", person.sex)
        name = _sub(client, ns, "Naam")
        _sub(_sub(name, ns, "Geslachtsnaam"), ns, "Achternaam", person.family_name[:200])
        if person.initials:
            _sub(name, ns, "Voorletters", person.initials.replace(".", "")[:6])
        for product in person.products:
            _product_line(client, ns, kind, product)
    text = ET.tostring(root, encoding="unicode", xml_declaration=True)
    problem = first_problem(kind, text)
    if problem:
        raise MessageError(
            _("%(kind)s past niet in het schema: %(problem)s")
            % {
                "kind": kind.upper(),
                "problem": problem,
            }
        )
    return text


def _product_line(client: ET.Element, ns: str, kind: str, product: dict[str, Any]) -> None:
    name = {"wmo301": "ToegewezenProduct", "wmo305": "StartProduct"}.get(kind, "StopProduct")
    line = _sub(client, ns, name)
    _sub(line, ns, "ToewijzingNummer", product["number"])
    _product(line, ns, product)
    if kind == "wmo301":
        _sub(line, ns, "ToewijzingIngangsdatum", product["valid_from"])
        if product.get("valid_until"):
            _sub(line, ns, "ToewijzingEinddatum", product["valid_until"])
        if product.get("volume"):
            size = _sub(line, ns, "Omvang")
            _sub(size, ns, "Volume", product["volume"])
            _sub(size, ns, "Eenheid", product["unit"])
            _sub(size, ns, "Frequentie", product["frequency"])
    else:
        _sub(line, ns, "Begindatum", product["start"])
        if kind == "wmo307":
            _sub(line, ns, "Einddatum", product["end"])
            _sub(line, ns, "RedenBeeindiging", product["reason"])


def first_problem(kind: str, text: str | xmlschema.XMLResource) -> str:
    """The first schema error in Dutch, naming the element; empty when the message is valid."""
    for error in schema(kind).iter_errors(text):
        where = error.path or "/"
        return _("element %(where)s: %(reason)s") % {"where": where, "reason": error.reason}
    return ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _resource(text: str, file_name: str) -> xmlschema.XMLResource:
    """Parsed without entities or a DTD (an uploaded file is not trusted)."""
    try:
        return xmlschema.XMLResource(text, defuse="always")
    except XMLResourceForbidden as exc:
        raise MessageError(
            _("%(file)s: een DTD of entiteiten zijn niet toegestaan.") % {"file": file_name}
        ) from exc
    except ET.ParseError as exc:
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(found[1]), int(found[2])) if found else (1, 0)
        raise MessageError(
            _("%(file)s:%(line)d:%(column)d: geen geldige XML.")
            % {"file": file_name, "line": line, "column": column}
        ) from exc


def kind_of(resource: xmlschema.XMLResource, file_name: str) -> str:
    """Which message this is, from the namespace of its root element."""
    tag = resource.root.tag
    for kind in CODES:
        if tag == f"{{{namespace(kind)}}}Bericht":
            return kind
    raise MessageError(
        _("%(file)s: element %(tag)s is geen iWmo-bericht dat plek leest (WMO302, 305, 307).")
        % {"file": file_name, "tag": _local(tag)}
    )


def read(text: str, file_name: str) -> Message:
    """A message read and checked; MessageError (Dutch, naming file and element) otherwise."""
    resource = _resource(text, file_name)
    kind = kind_of(resource, file_name)
    problem = first_problem(kind, resource)
    if problem:
        raise MessageError(f"{file_name}: {problem}")
    data = cast(
        dict[str, Any],
        schema(kind).to_dict(resource, process_namespaces=False, strip_namespaces=True),
    )
    head = data["Header"]
    if int(head["BerichtCode"]) != CODES[kind]:
        raise MessageError(
            _("%(file)s: element /Bericht/Header/BerichtCode: %(code)s hoort niet bij %(kind)s.")
            % {"file": file_name, "code": head["BerichtCode"], "kind": kind.upper()}
        )
    header = Header(
        kind=kind,
        sender=head["Afzender"],
        receiver=head["Ontvanger"],
        identification=head["Identificatie"],
        dated=datetime.date.fromisoformat(head["Dagtekening"]),
        answers_identification=head.get("IdentificatieRetour", ""),
        answers_dated=(
            datetime.date.fromisoformat(head["DagtekeningRetour"])
            if head.get("DagtekeningRetour")
            else None
        ),
    )
    if kind in ("wmo302", "wmo306", "wmo308"):
        return _read_return(kind, header, data)
    clients = []
    line_name = "StartProduct" if kind == "wmo305" else "StopProduct"
    for client in data["Client"]:
        client = cast(dict[str, Any], client)
        products = [
            {
                "number": line["ToewijzingNummer"],
                "category": line["Product"]["Categorie"],
                "code": line["Product"].get("Code", ""),
                "start": datetime.date.fromisoformat(line["Begindatum"]),
                "end": (
                    datetime.date.fromisoformat(line["Einddatum"]) if "Einddatum" in line else None
                ),
                "reason": line.get("RedenBeeindiging", ""),
            }
            for line in client.get(line_name, [])
        ]
        name = client["Naam"]
        clients.append(
            Client(
                bsn=client["Bsn"],
                birth_date=datetime.date.fromisoformat(client["Geboortedatum"]["Datum"]),
                sex=client["Geslacht"],
                family_name=name["Geslachtsnaam"]["Achternaam"],
                initials=name.get("Voorletters", ""),
                products=products,
            )
        )
    return Message(header=header, clients=clients)


def _read_return(kind: str, header: Header, data: dict[str, Any]) -> Message:
    line_name = {"wmo302": "ToegewezenProduct", "wmo306": "StartProduct"}.get(kind, "StopProduct")
    returns = [
        ReturnLine(
            bsn=client["Bsn"],
            codes=list(client.get("RetourCodes", {}).get("RetourCode", [])),
            products={
                line["ToewijzingNummer"]: list(line["RetourCodes"]["RetourCode"])
                for line in client.get(line_name, [])
            },
        )
        for client in data["Client"]
    ]
    return Message(header=header, codes=list(data["RetourCodes"]["RetourCode"]), returns=returns)
