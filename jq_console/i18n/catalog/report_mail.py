"""`report --send`: the client's monthly report by e-mail to its USR."""

from __future__ import annotations

ES = {
    "report_mail.needs_client": "--send envía el informe de un cliente: indique cuál con --client NIT.",
    "report_mail.no_usr": "El cliente con NIT {nit} no tiene un USR con correo: no se envió nada. Registre el "
    "correo de su USR (jq-console contact add) o escriba el PDF con --pdf y envíelo usted.",
    "report_mail.queued": "Informe de {month} en la cola de correo para {email}; sale con mail send.",
}

EN = {
    "report_mail.needs_client": "--send sends a client's report: say which one with --client NIT.",
    "report_mail.no_usr": "The client with NIT {nit} has no USR with an e-mail: nothing was sent. Record its "
    "USR's e-mail (jq-console contact add) or write the PDF with --pdf and send it yourself.",
    "report_mail.queued": "Report for {month} queued by e-mail to {email}; it goes with mail send.",
}
