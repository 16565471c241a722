"""The integrations' models live per adapter; Django finds them through this module."""

from plek.integrations.models_iwmo import IwmoAllocation, IwmoMessage, IwmoProvider
from plek.integrations.models_zgw import ZaakRegistration, ZgwConfiguration

__all__ = ["IwmoAllocation", "IwmoMessage", "IwmoProvider", "ZaakRegistration", "ZgwConfiguration"]
