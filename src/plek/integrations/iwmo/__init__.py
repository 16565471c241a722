"""The iWmo adapter: allocation, start and stop of support as XML messages."""
