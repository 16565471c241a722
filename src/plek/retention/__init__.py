"""Retention: records leave plek when their period under the Selectielijst has passed."""
