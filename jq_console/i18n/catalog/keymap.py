"""Words of the console's keymap: the help's sections for the screens whose keys it did not list yet
(the unclassified mail and the conversation dialog), so the help explains every key; the words of
bindings that had borrowed another screen's (each binding says what it does where it works)."""

from __future__ import annotations

ES: dict[str, str] = {
    "keymap.help.inbox": "ENTRADA SIN CLASIFICAR",
    "keymap.help.inbox_text": "Los correos que no son de ningún caso ni del formulario ({key_inbox} en la cola). "
    "Cada uno se registra como caso (con el formulario de nuevo caso ya lleno) o se descarta con un motivo.",
    "keymap.help.talk": "CONVERSACIÓN",
    "keymap.help.talk_text": "Una nota interna, una llamada o un WhatsApp, o un mensaje al cliente "
    "({key_note} en el caso). "
    "El texto puede tener varias líneas y escribirse en su $EDITOR.",
    "keymap.help.one_meaning": "Cada tecla significa una sola cosa en toda la consola.",
    "keymap.help.key_close": "Cerrar",
    "keymap.help.tip_close": "Cerrar la ayuda",
    "keymap.case.tip_back": "Volver a la pantalla anterior",
    "keymap.moves.tip_cancel": "Cerrar el menú sin elegir ninguna acción",
    "keymap.timer.tip_focused": "Con el cronómetro resaltado (Tab): lo inicia o lo detiene",
    "keymap.list.tip.up": "El caso anterior de la lista",
    "keymap.list.tip.down": "El caso siguiente de la lista",
    "keymap.list.tip.page_up": "Una pantalla de casos hacia arriba",
    "keymap.list.tip.page_down": "Una pantalla de casos hacia abajo",
    "keymap.list.tip.first": "El primer caso de la lista",
    "keymap.list.tip.last": "El último caso de la lista",
    "keymap.list.tip.open": "Ver el caso: campos, plazos explicados e historial (solo lectura)",
}

EN: dict[str, str] = {
    "keymap.help.inbox": "UNCLASSIFIED MAIL",
    "keymap.help.inbox_text": "The e-mails that belong to no case and no form ({key_inbox} on the queue). "
    "Each is registered as a case (with the new-case form filled in) or discarded with a reason.",
    "keymap.help.talk": "CONVERSATION",
    "keymap.help.talk_text": "An internal note, a call or a WhatsApp message, or a message to the client "
    "({key_note} on the case). The text may take several lines and be written in your $EDITOR.",
    "keymap.help.one_meaning": "Each key means one thing across the whole console.",
    "keymap.help.key_close": "Close",
    "keymap.help.tip_close": "Close the help",
    "keymap.case.tip_back": "Back to the previous screen",
    "keymap.moves.tip_cancel": "Close the menu without choosing an action",
    "keymap.timer.tip_focused": "With the timer highlighted (Tab): starts or stops it",
    "keymap.list.tip.up": "The previous case in the list",
    "keymap.list.tip.down": "The next case in the list",
    "keymap.list.tip.page_up": "One screen of cases up",
    "keymap.list.tip.page_down": "One screen of cases down",
    "keymap.list.tip.first": "The first case in the list",
    "keymap.list.tip.last": "The last case in the list",
    "keymap.list.tip.open": "See the case: fields, explained deadlines and history (read only)",
}
