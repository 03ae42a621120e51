"""The support policy's rules as pure Python: no UI, no database, no I/O.

Clocks and calendars are passed in, so every rule can be tested on fixed instants.
"""
