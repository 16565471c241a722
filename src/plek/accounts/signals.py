"""Signals of the accounts app, for apps above it that must know (the processing log)."""

from django.dispatch import Signal

# Sent inside the transaction of every membership change (create, change, approve, reject),
# with ``actor``, ``membership``, ``event`` (a MembershipChangeEvent) and ``created``. The access
# app writes it to the processing log: accounts sits below access and may not import it.
membership_changed = Signal()
