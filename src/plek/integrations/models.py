"""The integrations' models live in one module per adapter; Django finds them through here."""

from plek.integrations.models_brp import BrpConfig, BrpCopy
from plek.integrations.models_iwmo import IwmoAllocation, IwmoMessage, IwmoProvider
from plek.integrations.models_sso import OidcConfig, OidcIdentity
from plek.integrations.models_zgw import ZaakRegistration, ZgwConfiguration

__all__ = [
    "BrpConfig",
    "BrpCopy",
    "IwmoAllocation",
    "IwmoMessage",
    "IwmoProvider",
    "OidcConfig",
    "OidcIdentity",
    "ZaakRegistration",
    "ZgwConfiguration",
]
