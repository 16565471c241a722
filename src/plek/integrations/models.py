"""The integrations' models live per adapter; Django finds them through this module."""

from plek.integrations.models_zgw import ZaakRegistration, ZgwConfiguration

__all__ = ["ZaakRegistration", "ZgwConfiguration"]
