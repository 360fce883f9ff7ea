"""A keyword screen for read-only Cypher: defence in depth in front of the read-only account.

The guarantee that `/cypher` cannot write is the database account it runs as (see
`graph.readonly`); this screen refuses the obvious attempts before they reach the server and
keeps working where the account is weaker than it should be. It tokenises the query the way
Cypher's lexer does, and wherever the lexers of Neo4j and ArcadeDB might differ it takes the
reading that shows *more* code: a `//` comment ends at every line terminator either might use
(`\\n`, `\\r`, U+2028, U+2029, U+0085, VT, FF), an unterminated string, name or block comment
is refused, and keywords are compared after NFKC folding. Erring that way can only refuse a
harmless query, never let a hidden clause through.

Refused: every clause or command of Cypher 5 and 25 that writes, changes the schema, reads
files, switches database or administers the server, and any procedure not on a short list
of read-only ones. Not refused: the same words as property keys (`n.create`), map keys
(`{create: 1}`), parameters (`$set`), strings and backtick-quoted names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from graph.errors import RefusedQuery


class Kind(Enum):
    WORD = "word"
    QUOTED = "quoted name"
    STRING = "string"
    NUMBER = "number"
    SYMBOL = "symbol"


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str  # as written; a QUOTED name's or STRING's content without its quotes

    @property
    def key(self) -> str:
        """A word as a keyword: upper case after NFKC folding, so `ｃｒｅａｔｅ` is CREATE too."""
        return unicodedata.normalize("NFKC", self.text).casefold().upper()


_LINE_ENDS = "\n\r\u2028\u2029\u0085\x0b\x0c"
_LINE_COMMENT = re.compile(f"//[^{_LINE_ENDS}]*")
_NUMBER = re.compile(r"[0-9][0-9A-Za-z_]*(?:\.[0-9][0-9A-Za-z_]*)?")

# Words that begin a clause or command that writes, changes the schema or the accounts, reads
# files (LOAD CSV), runs inner transactions (IN TRANSACTIONS) or switches database (USE).
WRITE_WORDS = frozenset(
    {
        "CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "DROP", "FOREACH",
        "INSERT", "ALTER", "RENAME", "GRANT", "DENY", "REVOKE", "TERMINATE", "LOAD", "USE",
        "TRANSACTIONS", "DEALLOCATE", "REALLOCATE", "DRYRUN",
    }
)  # fmt: skip
# Words that write only when followed by one of these (`start` and `stop` are common names).
_PAIRED = {"START": {"DATABASE"}, "STOP": {"DATABASE"}, "ENABLE": {"SERVER"}}
# SHOW may list the schema; SHOW USERS, ROLES, PRIVILEGES, DATABASES... are administration.
_SHOW_READ = frozenset(
    {"INDEX", "INDEXES", "CONSTRAINT", "CONSTRAINTS", "FUNCTION", "FUNCTIONS", "PROCEDURE", "PROCEDURES"}
)
_SHOW_ADMIN = frozenset(
    {
        "USER", "USERS", "ROLE", "ROLES", "PRIVILEGE", "PRIVILEGES", "DATABASE", "DATABASES",
        "SERVER", "SERVERS", "TRANSACTION", "TRANSACTIONS", "SETTING", "SETTINGS", "ALIAS",
        "ALIASES", "CURRENT", "HOME", "DEFAULT",
    }
)  # fmt: skip
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.info",
        "db.ping",
    }
)


def _closing(text: str, start: int, quote: str) -> int:
    """Index just past the string or name opened at `start`; RefusedQuery if unterminated."""
    index = start + 1
    while index < len(text):
        char = text[index]
        if quote != "`" and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "`" and text.startswith("``", index):
                index += 2  # a doubled backtick is one backtick inside the name
                continue
            return index + 1
        index += 1
    what = "backtick-quoted name" if quote == "`" else "string"
    raise RefusedQuery(f"unterminated {what} starting at character {start + 1}")


def tokens(text: str) -> list[Token]:
    """The query's tokens, comments and whitespace dropped."""
    found: list[Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
        elif text.startswith("//", index):
            index = _LINE_COMMENT.match(text, index).end()  # type: ignore[union-attr]
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            if end < 0:
                raise RefusedQuery(f"unterminated comment starting at character {index + 1}")
            index = end + 2
        elif char in "'\"`":
            end = _closing(text, index, char)
            body = text[index + 1 : end - 1]
            if char == "`":
                found.append(Token(Kind.QUOTED, body.replace("``", "`")))
            else:
                _check_string(body, char, index)
                found.append(Token(Kind.STRING, body))
            index = end
        elif char.isdigit():
            end = _NUMBER.match(text, index).end()  # type: ignore[union-attr]
            found.append(Token(Kind.NUMBER, text[index:end]))
            index = end
        elif char.isalnum() or char == "_":
            end = index + 1
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            found.append(Token(Kind.WORD, text[index:end]))
            index = end
        else:
            found.append(Token(Kind.SYMBOL, char))
            index += 1
    return found


def _check_string(body: str, quote: str, start: int) -> None:
    """Refuse a string holding its own quote after a backslash: a lexer that did not read the
    backslash as an escape would end the string there and see the rest as code."""
    if "\\" + quote in body:
        raise RefusedQuery(
            f"the string at character {start + 1} escapes its own quote; pass the text as a $parameter"
        )


def written_by(query: str) -> str | None:
    """The first clause of `query` that could write, change the schema or administer the
    server, in words (`'DETACH'`, `'CALL db.createLabel'`), or None for a read.

    >>> written_by("MATCH (c:City) // CREATE nothing\\nRETURN c.name_zh AS name, 'SET' AS word")
    >>> written_by("MATCH (c) // x\\rDETACH DELETE c")
    'DETACH'
    >>> written_by("RETURN {create: 1} AS m, $set AS p")
    >>> written_by("CALL db.createLabel('X')")
    'CALL db.createLabel'
    """
    found = tokens(query)
    for index, token in enumerate(found):
        if token.kind is not Kind.WORD or _is_name(found, index):
            continue
        word, after = token.key, _words_after(found, index)
        if word in WRITE_WORDS:
            return word
        if word in _PAIRED and after[:1] and after[0] in _PAIRED[word]:
            return f"{word} {after[0]}"
        if word == "SHOW" and (not _SHOW_READ & set(after) or _SHOW_ADMIN & set(after)):
            return " ".join(["SHOW", *after[:2]])
        if word == "CALL":
            name = _procedure(found, index + 1)
            if name is not None and unicodedata.normalize("NFKC", name).casefold() not in READ_PROCEDURES:
                return f"CALL {name}"
    return None


def _is_name(found: list[Token], index: int) -> bool:
    """True when the word at `index` is a property key (`n.set`), a parameter (`$set`) or a map
    key (`{set: 1}`), which no lexer reads as a clause."""
    before = found[index - 1] if index else None
    after = found[index + 1] if index + 1 < len(found) else None
    if before is not None and before.kind is Kind.SYMBOL and before.text == "$":
        return True
    if before is not None and before.kind is Kind.SYMBOL and before.text == ".":
        # `x.set` is a property; `1.set` might lex as a float `1.` and a clause.
        owner = found[index - 2] if index >= 2 else None
        return owner is not None and owner.kind is not Kind.NUMBER
    return after is not None and after.kind is Kind.SYMBOL and after.text == ":" and _in_map(found, index)


def _in_map(found: list[Token], index: int) -> bool:
    """True when the word at `index` follows `{` or `,` (where a map key stands)."""
    before = found[index - 1] if index else None
    return before is not None and before.kind is Kind.SYMBOL and before.text in "{,"


def _words_after(found: list[Token], index: int, limit: int = 4) -> list[str]:
    words: list[str] = []
    for token in found[index + 1 : index + 1 + limit]:
        if token.kind is not Kind.WORD:
            break
        words.append(token.key)
    return words


def _procedure(found: list[Token], index: int) -> str | None:
    """The dotted procedure name starting at `index` (None for a `CALL { }` subquery)."""
    parts: list[str] = []
    while index < len(found) and found[index].kind in (Kind.WORD, Kind.QUOTED):
        token = found[index]
        parts.append(token.text)
        if index + 1 < len(found) and found[index + 1] == Token(Kind.SYMBOL, "."):
            index += 2
        else:
            break
    return ".".join(parts) if parts else None
