"""Messages of the dashboard's month view and of the wall board served to a browser."""

from __future__ import annotations

ES: dict[str, str] = {
    "dashboard.month_now": "Mes en pantalla: {month} (en curso)",
    "dashboard.month_past": "Mes en pantalla: {month}",
    "dashboard.key.previous": "Mes anterior",
    "dashboard.tip.previous": "Muestra el mes anterior al que está en pantalla",
    "dashboard.key.next": "Mes siguiente",
    "dashboard.tip.next": "Muestra el mes siguiente, hasta el mes en curso",
    "dashboard.key.now": "Este mes",
    "dashboard.tip.now": "Vuelve al mes en curso",
    "dashboard.trend": "Cumplimiento por severidad, {first} a {last}",
    "dashboard.trend_unread": "Cumplimiento por severidad",
    "dashboard.trend_values": "{last} (mín. {low}, máx. {high})",
    "dashboard.breach_days_of": "Incumplimientos por día de vencimiento: {total} en {days} de {month_days} días",
    "dashboard.no_days": "El mes aún no ha empezado.",
    "dashboard.agents_month": "Agentes en {month}",
    "dashboard.clients_month": "Clientes con incumplimientos en {month}",
    "dashboard.col.month_cases": "Casos",
    "dashboard.col.compliance": "Cumplimiento",
    "dashboard.col.taken": "Tomados",
    "dashboard.no_breaches": "Ningún incumplimiento con vencimiento en este mes.",
    "dashboard.col.breaches": "Incumplimientos",
    "dashboard.col.without_action": "Sin acción",
    "board.serving": "Tablero en {url} (con el token de [board] token_file); Ctrl+C para detenerlo",
    "board.no_token": (
        "el tablero en la web necesita un token: escríbalo en un archivo legible solo por su dueño "
        "y nombre ese archivo en la configuración ([board] token_file)"
    ),
    "board.token_file_missing": (
        "no se encuentra el archivo del token del tablero {path}: créelo o corrija [board] token_file"
    ),
    "board.token_file_open": (
        "el archivo del token del tablero {path} lo pueden leer otros: déjelo legible solo por su dueño (chmod 600)"
    ),
    "board.token_empty": "el archivo del token del tablero {path} está vacío: escriba en él un token largo y aleatorio",
    "board.token_not_text": (
        "el archivo del token del tablero {path} no es texto UTF-8: escriba en él un token de letras y números"
    ),
    "board.bad_address": "dirección no válida para --serve: {value} (se espera PUERTO o HOST:PUERTO)",
    "board.cannot_listen": "no se puede escuchar en {address}: {reason}; elija otra dirección o puerto para --serve",
    "board.why.in_use": "ese puerto ya está en uso (¿otro tablero?)",
    "board.why.not_here": "esa dirección no es de esta máquina",
    "board.why.unknown_host": "ninguna máquina tiene ese nombre",
    "board.why.denied": "no hay permiso (los puertos por debajo de 1024 los reserva el sistema)",
    "board.forbidden": "Acceso denegado: falta el token del tablero o no es el correcto.",
}

EN: dict[str, str] = {
    "dashboard.month_now": "Month shown: {month} (current)",
    "dashboard.month_past": "Month shown: {month}",
    "dashboard.key.previous": "Previous month",
    "dashboard.tip.previous": "Show the month before the one shown",
    "dashboard.key.next": "Next month",
    "dashboard.tip.next": "Show the month after, up to the current month",
    "dashboard.key.now": "This month",
    "dashboard.tip.now": "Go back to the current month",
    "dashboard.trend": "Compliance by severity, {first} to {last}",
    "dashboard.trend_unread": "Compliance by severity",
    "dashboard.trend_values": "{last} (min {low}, max {high})",
    "dashboard.breach_days_of": "Breaches by day of their deadline: {total} in {days} of {month_days} days",
    "dashboard.no_days": "The month has not started yet.",
    "dashboard.agents_month": "Agents in {month}",
    "dashboard.clients_month": "Clients with breaches in {month}",
    "dashboard.col.month_cases": "Cases",
    "dashboard.col.compliance": "Compliance",
    "dashboard.col.taken": "Taken",
    "dashboard.no_breaches": "No breach with its deadline in this month.",
    "dashboard.col.breaches": "Breaches",
    "dashboard.col.without_action": "No action",
    "board.serving": "Board at {url} (with the token of [board] token_file); Ctrl+C stops it",
    "board.no_token": (
        "the web board needs a token: write it in a file only its owner can read "
        "and name that file in the configuration ([board] token_file)"
    ),
    "board.token_file_missing": "the board's token file {path} was not found: create it or fix [board] token_file",
    "board.token_file_open": (
        "others can read the board's token file {path}: make it readable by its owner only (chmod 600)"
    ),
    "board.token_empty": "the board's token file {path} is empty: write a long random token in it",
    "board.token_not_text": (
        "the board's token file {path} is not UTF-8 text: write a token of letters and digits in it"
    ),
    "board.bad_address": "not an address for --serve: {value} (expected PORT or HOST:PORT)",
    "board.cannot_listen": "cannot listen on {address}: {reason}; choose another address or port for --serve",
    "board.why.in_use": "that port is already in use (another board?)",
    "board.why.not_here": "that is not an address of this machine",
    "board.why.unknown_host": "no host has that name",
    "board.why.denied": "permission denied (the system reserves ports below 1024)",
    "board.forbidden": "Access denied: the board's token is missing or wrong.",
}
