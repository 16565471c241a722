"""Signals other apps listen to, so that accounts (the bottom layer) imports none of them.

``membership_changed`` is sent inside the transaction that changed a membership; the access app
writes it to the processing log (``plek.access.apps``), so the change and its trace commit
together or not at all.
"""

from django.dispatch import Signal

# Sent with: actor (Actor), membership (Membership), created (bool).
membership_changed = Signal()
