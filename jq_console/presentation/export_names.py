"""The names the program gives the files it exports, the same from the command line and the screens."""

from __future__ import annotations


def bill_csv_name(year: int, month: int) -> str:
    return f"facturacion-{year}-{month:02d}.csv"


def quote_name(case_code: str, suffix: str) -> str:
    """`suffix` is `.txt` or `.pdf`: the screen writes both, side by side."""
    return f"cotizacion-{case_code}{suffix}"
