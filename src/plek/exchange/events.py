"""Signals other apps may listen to (the monitor refreshes its figures after an import)."""

from django.dispatch import Signal

# Sent after a successful import's transaction has committed; `rows` is the number of rows.
import_finished = Signal()
