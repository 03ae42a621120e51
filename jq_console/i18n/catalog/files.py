"""Messages about the files the program writes for the user (exports, quotes, backups, its standard
output) and the small files it reads whole (settings, policy, passwords, token)."""

from __future__ import annotations

ES: dict[str, str] = {
    "err.file.link": (
        "{path} es un enlace simbólico y nunca se escribe a través de un enlace: bórrelo o indique otro nombre"
    ),
    "err.file.database": "{path} es la base de datos o uno de sus archivos (-wal, -shm): indique otro archivo",
    "err.file.sqlite": (
        "{path} es una base de datos SQLite y nunca se reemplaza con una exportación o una copia: indique otro archivo"
    ),
    "err.file.folder": "{path} es una carpeta: indique un nombre de archivo dentro de ella",
    "err.file.not_a_backup": (
        "{path} es una base de datos SQLite y no una copia que jq-console backup hizo antes en ese mismo lugar "
        "(las copias de versiones anteriores no llevan esa marca): nunca se reemplaza; indique otro archivo, "
        "o bórrelo si ya no sirve"
    ),
    "err.file.in_use": (
        "{path} es una base de datos abierta o que quedó a medio escribir ({companion} está a su lado): "
        "no se reemplaza; indique otro archivo"
    ),
    "err.file.companion": (
        "{path} es uno de los archivos (-wal, -shm, -journal) de la base de datos {database}: indique otro archivo"
    ),
    "err.file.not_regular": (
        "{path} no es un archivo normal (un dispositivo, una tubería o un socket): indique un archivo"
    ),
    "err.file.no_folder": "no existe la carpeta {folder}: créela o indique otra",
    "err.file.failed": "no se pudo escribir {path} ({reason}): revise la carpeta, sus permisos y el espacio libre",
    "err.file.export_dir": "no se puede usar la carpeta de exportación {folder} ({reason}): indique otra",
    "err.output.failed": "no se pudo escribir la salida: {reason}; libere espacio o revise a dónde va la salida",
    "err.file.too_big": (
        "{path} pasa de {size}, más de lo que un archivo así llega a tener: revise que sea el archivo correcto"
    ),
}

EN: dict[str, str] = {
    "err.file.link": (
        "{path} is a symbolic link and files are never written through a link: remove it or name another file"
    ),
    "err.file.database": "{path} is the database or one of its files (-wal, -shm): name another file",
    "err.file.sqlite": (
        "{path} is a SQLite database and is never replaced by an export or a backup: name another file"
    ),
    "err.file.folder": "{path} is a folder: name a file inside it",
    "err.file.not_a_backup": (
        "{path} is a SQLite database and not a copy jq-console backup made earlier at that same place "
        "(copies made by earlier versions carry no such mark): it is never replaced; name another file, "
        "or delete it if it is no longer needed"
    ),
    "err.file.in_use": (
        "{path} is a database that is open or was left half-written ({companion} lies beside it): "
        "it is not replaced; name another file"
    ),
    "err.file.companion": (
        "{path} is one of the files (-wal, -shm, -journal) of the database {database}: name another file"
    ),
    "err.file.not_regular": "{path} is not a regular file (a device, a pipe or a socket): name a file",
    "err.file.no_folder": "the folder {folder} does not exist: create it or name another",
    "err.file.failed": "{path} could not be written ({reason}): check the folder, its permissions and the free space",
    "err.file.export_dir": "the export folder {folder} cannot be used ({reason}): name another",
    "err.output.failed": "could not write the output: {reason}; free some space or check where the output goes",
    "err.file.too_big": (
        "{path} is larger than {size}, more than such a file ever holds: check that it is the right file"
    ),
}
