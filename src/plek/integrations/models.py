"""The integrations' models live in one module per adapter; Django finds them through here."""

from plek.integrations.models_brp import BrpConfig, BrpCopy
from plek.integrations.models_sso import OidcConfig, OidcIdentity

__all__ = ["BrpConfig", "BrpCopy", "OidcConfig", "OidcIdentity"]
