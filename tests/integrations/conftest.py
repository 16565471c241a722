from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integrations.fake_servers import FakeOidcProvider, oidc_provider


@pytest.fixture
def provider() -> Iterator[FakeOidcProvider]:
    with oidc_provider() as running:
        yield running
