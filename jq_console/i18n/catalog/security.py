"""Messages of the database's defences: sandbox databases, refusals of destructive commands on
the wrong target, the integrity and history audit (`jq-console audit`)."""

from __future__ import annotations

ES: dict[str, str] = {
    "err.target.foreign": (
        "{target} tiene tablas de otra aplicación ({tables}); no se tocó: elija otro archivo o base con --db"
    ),
    "err.reset.unfinished": (
        "'demo --reset' no puso la nueva base de demostración en lugar de {target}: seguía abierta al "
        "terminar; la anterior quedó como estaba: vuelva a intentarlo"
    ),
    "err.reset.swap": (
        "'demo --reset' no pudo poner la nueva base de demostración en lugar de {target} ({reason}); "
        "la anterior quedó como estaba: revise los permisos de la carpeta y vuelva a intentarlo"
    ),
    "err.reset.not_sandbox": (
        "'demo --reset' solo borra una base de datos de demostración, y {target} no lo es; no se tocó"
    ),
    "err.schema.not_sandbox": (
        "'init --sandbox' solo crea una base de datos nueva; esta ya existe y no es de pruebas: no se cambió"
    ),
    "err.schema.damaged": (
        "la base de datos está dañada ({detail}); no se cambió: restáurela desde una copia de seguridad"
    ),
    "err.ledger.no_head": (
        "falta la cabeza de la cadena del historial de {table}: ejecute 'jq-console audit' y restaure una copia"
    ),
    "audit.ok": (
        "auditoría: todo bien: integridad correcta, {triggers} disparadores de protección, "
        "{events} eventos y {entries} registros de tiempo encadenados ({url})"
    ),
    "audit.failed": "auditoría: {count} problema(s) en {url}",
    "audit.integrity": "integridad: {detail}",
    "audit.trigger_missing": "falta el disparador de protección {name}: 'jq-console upgrade' lo restaura",
    "audit.chain_row": (
        "{table} fila {id}: no coincide con su eslabón de la cadena (la fila o la anterior se cambió, "
        "agregó o borró a mano)"
    ),
    "audit.chain_no_head": "{table}: falta la cabeza de la cadena",
    "audit.policy_text": (
        "versión {number} de la política: su texto no coincide con su sha256 (se cambió a mano): "
        "compárela con una copia de seguridad"
    ),
    "audit.corrective_action": (
        "{code}, incumplimiento de {kind} n.º {occurrence}: la acción correctiva no coincide con la línea del "
        "historial que la registró (se cambió, llenó o borró a mano)"
    ),
    "audit.chain_head": (
        "{table}: el final de la tabla ({rows} filas) no coincide con la cabeza de la cadena ({expected} filas): "
        "se borraron o agregaron filas a mano"
    ),
    "audit.anchor_shorter": (
        "{table}: la cadena tiene {now} filas, menos que las {rows} ancladas el {at}: se borraron filas y se "
        "reescribió la cabeza a mano; restaure una copia de seguridad de esa fecha"
    ),
    "audit.anchor_differs": (
        "{table}: la fila {rows} de la cadena ya no es la anclada el {at}: el historial hasta ella se reescribió "
        "a mano (con los eslabones recalculados); restaure una copia de seguridad de esa fecha"
    ),
    "audit.anchor_line": (
        "{path}, línea {line}: no es un ancla de 'jq-console audit'; no se cambió nada: revise que sea el "
        "archivo de anclas de esta base"
    ),
    "audit.anchor_elsewhere": (
        "aviso: las anclas de {path} se escribieron para {databases}, no para {url}: si la base no se movió, "
        "ese no es su archivo de anclas y lo que sigue no es una falsificación"
    ),
    "audit.anchored": "anclado en {path}: {rows} filas de historial que la próxima auditoría comprobará",
    "audit.not_anchored": "no se agregó nada a {path}: se anclan solo historiales sin problemas",
    "ops.upgrade.restored": "disparadores de protección restaurados: {names}",
}

EN: dict[str, str] = {
    "err.target.foreign": (
        "{target} holds tables of another application ({tables}); it was not touched: choose another file or "
        "database with --db"
    ),
    "err.reset.unfinished": (
        "'demo --reset' did not put the new demo database in place of {target}: it was still open when "
        "filled; the old one was left as it was: try again"
    ),
    "err.reset.swap": (
        "'demo --reset' could not put the new demo database in place of {target} ({reason}); "
        "the old one was left as it was: check the folder's permissions and try again"
    ),
    "err.reset.not_sandbox": "'demo --reset' only wipes a demo database, and {target} is not one; it was not touched",
    "err.schema.not_sandbox": (
        "'init --sandbox' only creates a new database; this one exists and is not a test database: nothing changed"
    ),
    "err.schema.damaged": "the database is damaged ({detail}); nothing was changed: restore it from a backup",
    "err.ledger.no_head": (
        "the chain head of the {table} history is missing: run 'jq-console audit' and restore a backup"
    ),
    "audit.ok": (
        "audit: all good: integrity ok, {triggers} protective triggers, {events} events and {entries} time "
        "entries chained ({url})"
    ),
    "audit.failed": "audit: {count} problem(s) in {url}",
    "audit.integrity": "integrity: {detail}",
    "audit.trigger_missing": "protective trigger {name} is missing: 'jq-console upgrade' restores it",
    "audit.chain_row": (
        "{table} row {id}: does not match its link of the chain (the row or the one before it was changed, "
        "added or removed by hand)"
    ),
    "audit.chain_no_head": "{table}: the chain head is missing",
    "audit.policy_text": (
        "policy version {number}: its text does not match its sha256 (changed by hand): compare it with a backup"
    ),
    "audit.corrective_action": (
        "{code}, {kind} breach no. {occurrence}: the corrective action does not match the history line that "
        "recorded it (changed, filled or emptied by hand)"
    ),
    "audit.chain_head": (
        "{table}: the end of the table ({rows} rows) does not match the chain head ({expected} rows): rows were "
        "removed or added by hand"
    ),
    "audit.anchor_shorter": (
        "{table}: the chain has {now} rows, fewer than the {rows} anchored on {at}: rows were removed and the "
        "head rewritten by hand; restore a backup of that date"
    ),
    "audit.anchor_differs": (
        "{table}: row {rows} of the chain is no longer the one anchored on {at}: the history up to it was "
        "rewritten by hand (its links computed again); restore a backup of that date"
    ),
    "audit.anchor_line": (
        "{path}, line {line}: not an anchor of 'jq-console audit'; nothing was changed: check that it is this "
        "database's anchor file"
    ),
    "audit.anchor_elsewhere": (
        "notice: the anchors in {path} were written for {databases}, not for {url}: unless the database moved, "
        "that is not its anchor file and what follows is not a forgery"
    ),
    "audit.anchored": "anchored in {path}: {rows} rows of history the next audit will check",
    "audit.not_anchored": "nothing was added to {path}: only a history without problems is anchored",
    "ops.upgrade.restored": "protective triggers restored: {names}",
}
