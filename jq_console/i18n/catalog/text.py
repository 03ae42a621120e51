"""Sentences about typed text (blank, too long), web-form lines that cannot be read, and numbers
out of range on the command line."""

from __future__ import annotations

ES: dict[str, str] = {
    "text.blank": "{what} no puede quedar en blanco ni tener solo caracteres de control",
    "text.too_long": "{what} pasa de {limit} caracteres: acórtelo",
    "text.control": "{what} no puede contener caracteres de control",
    "what.title": "el título",
    "what.description": "la descripción",
    "what.name": "el nombre",
    "what.login": "el usuario",
    "what.note": "la nota",
    "what.reason": "el motivo",
    "what.specialty": "la especialidad",
    "what.feature": "la funcionalidad",
    "what.quote_line": "la línea de cotización",
    "what.text": "el texto",
    "what.path": "el nombre del archivo",
    "intake.line_too_long": "la línea pasa de {limit} bytes: se omitió sin leerla",
    "intake.line_endless": (
        "la línea sigue sin terminar tras {size}: esto no es un archivo de líneas (¿un dispositivo, un archivo"
        " binario?) y la lectura se detuvo aquí; indique el archivo correcto"
    ),
    "intake.too_deep": "el JSON anida más de {limit} niveles de llaves o corchetes",
    "intake.not_utf8": "la línea no es texto UTF-8",
    "arg.range": "{option} debe ser un número entero entre {low} y {high}",
    "option.year": "el año",
    "option.hourly": "la tarifa por hora",
    "option.uc": "--uc",
    "option.level": "--level",
    "option.corrects": "--corrects",
    "option.cases": "--cases",
    "option.seed": "--seed",
    "option.page": "--page",
    "option.id": "el número del mensaje",
    "option.number": "--version",
    "option.first": "la versión anterior",
    "option.second": "la versión posterior",
    "option.occurrence": "--occurrence",
}

EN: dict[str, str] = {
    "text.blank": "{what} cannot be blank or only control characters",
    "text.too_long": "{what} is longer than {limit} characters: shorten it",
    "text.control": "{what} cannot contain control characters",
    "what.title": "the title",
    "what.description": "the description",
    "what.name": "the name",
    "what.login": "the login",
    "what.note": "the note",
    "what.reason": "the reason",
    "what.specialty": "the specialty",
    "what.feature": "the feature",
    "what.quote_line": "the quote line",
    "what.text": "the text",
    "what.path": "the file name",
    "intake.line_too_long": "the line is longer than {limit} bytes: skipped unread",
    "intake.line_endless": (
        "the line goes on past {size} without ending: this is no file of lines (a device, a binary file?)"
        " and reading stopped here; name the right file"
    ),
    "intake.too_deep": "the JSON nests more than {limit} levels of braces or brackets",
    "intake.not_utf8": "the line is not UTF-8 text",
    "arg.range": "{option} must be a whole number between {low} and {high}",
    "option.year": "the year",
    "option.hourly": "the hourly rate",
    "option.uc": "--uc",
    "option.level": "--level",
    "option.corrects": "--corrects",
    "option.cases": "--cases",
    "option.seed": "--seed",
    "option.page": "--page",
    "option.id": "the message's number",
    "option.number": "--version",
    "option.first": "the earlier version",
    "option.second": "the later version",
    "option.occurrence": "--occurrence",
}
