"""The ZGW case-system adapter: postal-address decisions as zaken (docs/integrations.md)."""
