from __future__ import annotations

from collections.abc import Iterator

import pytest

from plek.integrations.models_zgw import ZgwConfiguration
from tests.integrations import fake_zgw
from tests.integrations.fake_servers import FakeOidcProvider, oidc_provider

RSIN = "002220647"


@pytest.fixture
def fake() -> Iterator[fake_zgw.FakeZgw]:
    zgw, server = fake_zgw.start()
    yield zgw
    server.shutdown()
    server.server_close()


def configure(fake: fake_zgw.FakeZgw, **changes: object) -> ZgwConfiguration:
    values: dict[str, object] = {
        "enabled": True,
        "zaken_api_root": f"{fake.base_url}/zaken/api/v1/",
        "documenten_api_root": f"{fake.base_url}/documenten/api/v1/",
        "catalogi_api_root": f"{fake.base_url}/catalogi/api/v1/",
        "client_id": fake_zgw.CLIENT_ID,
        "secret": fake_zgw.SECRET,
        "zaaktype": fake.zaaktype,
        "informatieobjecttype": fake.informatieobjecttype,
        "bronorganisatie": RSIN,
        "verantwoordelijke_organisatie": RSIN,
        "timeout_seconds": 5,
    }
    values.update(changes)
    ZgwConfiguration.objects.all().delete()
    return ZgwConfiguration.objects.create(**values)


@pytest.fixture
def provider() -> Iterator[FakeOidcProvider]:
    with oidc_provider() as running:
        yield running
