"""The council report: the monitor's figures for a period, published as PDF and spreadsheet.

`content` decides what is said (sections, tables, charts) from values that `suppression` has
cleared for publication; `pdf` and `spreadsheet` render it. `plek report` is the command.
"""
