"""The names the program gives the files it exports, the same from the command line and the screens."""

from __future__ import annotations


def bill_csv_name(year: int, month: int) -> str:
    return f"facturacion-{year}-{month:02d}.csv"


def quote_name(case_code: str, suffix: str) -> str:
    """`suffix` is `.txt` or `.pdf`: the screen writes both, side by side."""
    return f"cotizacion-{case_code}{suffix}"


def report_name(month: str, scope: str, suffix: str) -> str:
    """'informe-2026-11-900123456-8.pdf': the month and whom it is about (a NIT, a login or 'desk')."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in scope)
    return f"informe-{month}-{safe}{suffix}"
