from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from plek.accounts.verification import is_verified


class IsVerifiedUser(BasePermission):
    """API access only for users past the login and, where the role needs it, the second factor."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_verified(request._request if hasattr(request, "_request") else request)
