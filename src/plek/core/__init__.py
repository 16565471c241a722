"""The small shared layer every app may import: dates, form errors, API errors and paging.

Nothing here imports another plek package, so any app can use it without a cycle.
"""
