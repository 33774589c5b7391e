"""Query results as an aligned text table, JSON or CSV (shared by ``query`` and ``cypher``)."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import click

from retailkg.graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S

FORMATS = ("table", "json", "csv")


def result_options(func: Callable) -> Callable:
    """--format, --limit and --timeout, as ``query`` and ``cypher`` both take them."""
    func = click.option("--timeout", type=click.FloatRange(min=0.001), default=DEFAULT_TIMEOUT_S,
                        show_default=True, help="Stop the query after this many seconds.")(func)
    func = click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_ROW_LIMIT, show_default=True,
                        help="At most this many rows.")(func)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format.")(func)
MAX_CELL = 60
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def plain(value: Any) -> Any:
    """A JSON-ready value (engine-specific types such as Neo4j nodes become strings)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def cell_text(value: Any) -> str:
    """How a value reads in a table or CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(plain(value), ensure_ascii=False)
    return str(value)


def display_width(text: str) -> int:
    """Terminal columns: CJK wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _clip(text: str, width: int = MAX_CELL) -> str:
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def format_table(columns: list[str], rows: list[list[Any]]) -> str:
    """A simple aligned table; numbers right-aligned, long cells clipped."""
    cells = [[_clip(cell_text(v)) for v in row] for row in rows]
    widths = [display_width(c) for c in columns]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], display_width(c))

    def line(values: list[str], numeric: list[bool]) -> str:
        parts = []
        for v, w, num in zip(values, widths, numeric):
            pad = " " * (w - display_width(v))
            parts.append(pad + v if num else v + pad)
        return "  ".join(parts).rstrip()

    numeric_cols = [bool(rows) and all(isinstance(r[i], (int, float)) and not isinstance(r[i], bool)
                                       for r in rows if r[i] is not None) for i in range(len(columns))]
    out = [line(list(columns), numeric_cols), "  ".join("-" * w for w in widths)]
    out += [line(row, numeric_cols) for row in cells]
    return "\n".join(out)


def format_json(columns: list[str], rows: list[list[Any]]) -> str:
    """``{"columns": [...], "rows": [{column: value}, ...]}``."""
    data = {"columns": list(columns), "rows": [dict(zip(columns, plain(list(r)))) for r in rows]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_csv(columns: list[str], rows: list[list[Any]]) -> str:
    """RFC 4180 CSV; list values are JSON arrays so they survive a round trip."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([json.dumps(plain(v), ensure_ascii=False) if isinstance(v, (list, tuple, dict))
                         else cell_text(v) for v in row])
    return buf.getvalue().rstrip("\n")


def echo_result(columns: list[str], rows: list[list[Any]], fmt: str, *, limit: int | None = None) -> None:
    """Print a result in ``fmt``; the table says how many rows and whether the limit cut it."""
    formatter = {"table": format_table, "json": format_json, "csv": format_csv}[fmt]
    click.echo(formatter(columns, rows))
    if fmt == "table":
        note = f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
        if limit is not None and len(rows) >= limit:
            note += f"; stopped at the --limit of {limit}"
        click.echo(note + ")")


def parse_param_pairs(pairs: tuple[str, ...], *, infer_types: bool) -> dict[str, Any]:
    """``k=v`` strings as a dict; with ``infer_types`` integers and decimals become numbers."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.BadParameter(f"'{pair}' is not key=value.", param_hint="--param")
        if infer_types and _NUMBER.match(value.strip()):
            params[key] = float(value) if any(c in value for c in ".eE") else int(value)
        else:
            params[key] = value
    return params
