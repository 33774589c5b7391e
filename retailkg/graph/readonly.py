"""Reject Cypher that could write or administer a database, before it reaches the engine.

The engines enforce read-only too (Neo4j read transactions, LadybugDB opened read-only);
this check gives one clear message for both and catches what an engine might allow.
"""

from __future__ import annotations

import re
import unicodedata

from retailkg.graph.store import ReadOnlyViolation

_FORBIDDEN = (
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "LOAD", "FOREACH",
    "COPY", "INSTALL", "ATTACH", "DETACH", "IMPORT", "EXPORT", "ALTER", "GRANT", "REVOKE",
    "DENY", "START", "STOP", "TERMINATE", "USE", "CHECKPOINT", "BEGIN", "COMMIT", "ROLLBACK",
)
_ALLOWED_CALLS = re.compile(
    r"^(db\.labels|db\.relationshiptypes|db\.propertykeys|db\.schema\.visualization"
    r"|db\.index\.fulltext\.querynodes|show_tables|table_info|show_connection)$",
    re.IGNORECASE,
)
# Strings, quoted names and comments, lexed in ONE left-to-right pass (a quote inside a comment
# or a comment marker inside a string must not hide the text after it). A line comment ends at
# any line break an engine might honour. Engines differ on backslash escapes in strings, so the
# query is checked under both readings (with and without them).
_LINE_END = "\n\r\u0085\u2028\u2029"
_LEX_ESCAPES = re.compile(
    r"(?P<s>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")|(?P<b>`[^`]*`)"
    rf"|(?P<c>//[^{_LINE_END}]*|/\*.*?\*/)", re.DOTALL)
_LEX_PLAIN = re.compile(
    r"(?P<s>'[^']*'|\"[^\"]*\")|(?P<b>`[^`]*`)"
    rf"|(?P<c>//[^{_LINE_END}]*|/\*.*?\*/)", re.DOTALL)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
MAX_QUERY_CHARS = 20_000


def check_read_only(query: str) -> str:
    """Return the query (normalised) if it only reads; raise ``ReadOnlyViolation`` otherwise."""
    if not query or not query.strip():
        raise ReadOnlyViolation("Empty query.")
    if len(query) > MAX_QUERY_CHARS:
        raise ReadOnlyViolation(f"Query longer than {MAX_QUERY_CHARS} characters.")
    text = unicodedata.normalize("NFKC", query)
    if any(unicodedata.category(ch) in ("Cf", "Co", "Cs") for ch in text):
        raise ReadOnlyViolation("Query contains invisible or private-use characters.")
    for lexer in (_LEX_ESCAPES, _LEX_PLAIN):
        _check_bare(lexer.sub(_blank, text))
    return text.strip().rstrip(";")


def _blank(m: re.Match) -> str:
    """A string becomes '', a quoted name x, a comment a space."""
    return "''" if m.group("s") else "x" if m.group("b") else " "


def _check_bare(bare: str) -> None:
    """Check the query with strings, quoted names and comments blanked out."""
    if ";" in bare.strip().rstrip(";"):
        raise ReadOnlyViolation("Only one statement per query is allowed.")
    words = _WORD.findall(bare)
    for i, word in enumerate(words):
        upper = word.upper()
        if upper in _FORBIDDEN:
            raise ReadOnlyViolation(
                f"Read-only: '{word}' is not allowed here. Use MATCH … RETURN to read the graph.")
        if upper == "CALL":
            target = words[i + 1] if i + 1 < len(words) else ""
            if target == "{" or not _ALLOWED_CALLS.match(target):
                raise ReadOnlyViolation(
                    f"Read-only: CALL {target or '{…}'} is not allowed; only schema and search "
                    "procedures may be called.")
        if upper in ("SHOW",) and i + 1 < len(words) and words[i + 1].upper() in (
                "USERS", "ROLES", "PRIVILEGES", "SERVERS", "DATABASES", "TRANSACTIONS"):
            raise ReadOnlyViolation(f"Read-only: administration command SHOW {words[i + 1]}.")
    if "CALL{" in re.sub(r"\s+", "", bare.upper()):
        raise ReadOnlyViolation("Read-only: CALL { … } subqueries are not allowed.")
