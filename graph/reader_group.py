"""The embedded server's read-only account, which `POST /cypher` logs in as.

ArcadeDB keeps its accounts in `config/server-users.jsonl` and their rights in
`config/server-groups.json`. The reader's group may read records of every type and nothing
else: no record writes, no schema change (`updateSchema`), no account or security change
(`updateSecurity`, which ArcadeDB also requires before `LOAD CSV` may touch a local file), no
database settings. So the server itself refuses what the keyword screen might miss.

Runs inside the server's child process (`graph.embedded_main`), before and after the start.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

READER_USERNAME = "scenekg_reader"
READER_GROUP = "scenekg_reader"
GROUPS_FILE = "server-groups.json"

_READ_ONLY: dict[str, Any] = {
    "resultSetLimit": -1,
    "readTimeout": -1,
    "access": [],
    "types": {"*": {"access": ["readRecord"]}},
}
# ArcadeDB's own defaults, written when it has not yet created the file: root's `admin` group
# must survive the first start, and `*` (no rights) is what unknown groups fall back to.
_DEFAULT_GROUPS: dict[str, Any] = {
    "admin": {
        "resultSetLimit": -1,
        "readTimeout": -1,
        "access": ["updateSecurity", "updateSchema", "updateDatabaseSettings"],
        "types": {"*": {"access": ["createRecord", "readRecord", "updateRecord", "deleteRecord"]}},
    },
    "*": {"resultSetLimit": -1, "readTimeout": -1, "access": [], "types": {"*": {"access": []}}},
}


def grant(config_dir: Path) -> None:
    """Put the read-only group into `server-groups.json` (before the server reads it), resetting
    it if someone widened it by hand. Other groups are left as they are."""
    path = config_dir / GROUPS_FILE
    document: dict[str, Any] = (
        json.loads(path.read_text(encoding="utf-8"))
        if path.exists()
        else {"databases": {"*": {"groups": json.loads(json.dumps(_DEFAULT_GROUPS))}}, "version": 2}
    )
    # Under the wildcard database, beside `admin`: a database-specific entry would hide the
    # wildcard's groups (root's `admin` among them) from that database.
    wildcard = document.setdefault("databases", {}).setdefault("*", {})
    wildcard.setdefault("groups", json.loads(json.dumps(_DEFAULT_GROUPS)))[READER_GROUP] = _READ_ONLY
    config_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
    tmp.replace(path)


def ensure_user(server: Any, password: str, database: str) -> None:
    """(Re)create the reader account with `password`, member of the read-only group for
    `database` alone, so a changed or tampered account is put right at every start."""
    import jpype

    security = server._java_server.getSecurity()
    json_object = jpype.JClass("com.arcadedb.serializer.json.JSONObject")
    json_array = jpype.JClass("com.arcadedb.serializer.json.JSONArray")
    if security.existsUser(READER_USERNAME):
        security.dropUser(READER_USERNAME)
    account = json_object()
    account.put("name", READER_USERNAME)
    account.put("password", security.encodePassword(password))
    account.put("databases", json_object().put(database, json_array().put(READER_GROUP)))
    security.createUser(account)
