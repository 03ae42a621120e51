"""Words of the console's keymap: the help's sections for the screens whose keys it did not list yet
(the unclassified mail and the conversation dialog), so the help explains every key."""

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
}

EN: dict[str, str] = {
    "keymap.help.inbox": "UNCLASSIFIED MAIL",
    "keymap.help.inbox_text": "The e-mails that belong to no case and no form ({key_inbox} on the queue). "
    "Each is registered as a case (with the new-case form filled in) or discarded with a reason.",
    "keymap.help.talk": "CONVERSATION",
    "keymap.help.talk_text": "An internal note, a call or a WhatsApp message, or a message to the client "
    "({key_note} on the case). The text may take several lines and be written in your $EDITOR.",
    "keymap.help.one_meaning": "Each key means one thing across the whole console.",
}
