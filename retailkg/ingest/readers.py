"""Find article files and read them into documents; a bad file becomes a reported failure."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from retailkg.ingest.decode import DecodeError, decode_bytes, html_to_text, looks_like_html
from retailkg.ingest.document import Document

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
MAX_FILE_BYTES = 200 * 1024 * 1024  # a JSONL file of many articles
MAX_ARTICLE_BYTES = 10 * 1024 * 1024  # any other file is one article


@dataclass
class Failure:
    """A file (or a line of a JSONL file) that could not be ingested, and why."""

    path: str
    reason: str


def discover(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Failure]]:
    """Expand files and folders (recursively, following symlinks once) into article files."""
    files: list[Path] = []
    failures: list[Failure] = []
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[str] = set()

    def add_file(p: Path) -> None:
        key = str(p.resolve())
        if key not in seen_files:
            seen_files.add(key)
            files.append(p)

    for raw in paths:
        root = Path(raw)
        if not root.exists() and not root.is_symlink():
            failures.append(Failure(str(root), "no such file or folder"))
            continue
        if root.is_file():
            add_file(root)
            continue
        if root.is_symlink() and not root.exists():
            failures.append(Failure(str(root), "broken symbolic link"))
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True,
                                                    onerror=lambda e: failures.append(
                                                        Failure(str(e.filename), f"cannot list: {e.strerror}"))):
            try:
                st = os.stat(dirpath)
            except OSError as exc:
                failures.append(Failure(dirpath, f"cannot open: {exc.strerror}"))
                dirnames[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen_dirs:
                failures.append(Failure(dirpath, "symbolic link loop (folder already visited), skipped"))
                dirnames[:] = []
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
            dirnames.sort()
            for name in sorted(filenames):
                p = Path(dirpath) / name
                if p.suffix.lower() not in SUFFIXES:
                    continue
                if p.is_symlink() and not p.exists():
                    failures.append(Failure(str(p), "broken symbolic link"))
                    continue
                add_file(p)
    return files, failures


def read_file(path: Path) -> tuple[list[Document], list[Failure]]:
    """Read one file into documents (several for JSONL); failures carry a reason."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
            return [], [Failure(str(path), "not a regular file (pipe, socket or device), skipped")]
        size = st.st_size
        limit = MAX_FILE_BYTES if path.suffix.lower() == ".jsonl" else MAX_ARTICLE_BYTES
        if size > limit:
            what = "file" if limit == MAX_FILE_BYTES else "one-article file (use JSONL for many articles)"
            return [], [Failure(str(path), f"{what} too large ({size / 2**20:.0f} MB > {limit // 2**20} MB)")]
        data = path.read_bytes()
    except PermissionError:
        return [], [Failure(str(path), "permission denied")]
    except OSError as exc:
        return [], [Failure(str(path), f"cannot read: {exc.strerror or exc}")]
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as exc:
        return [], [Failure(str(path), str(exc))]
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return read_jsonl(text, str(path))
    if suffix in (".html", ".htm") or (suffix != ".md" and looks_like_html(text)):
        body, title = html_to_text(text)
        if not body.strip():
            return [], [Failure(str(path), "HTML page without article text")]
        return [Document(raw=body, path=str(path), title=title, is_html=True)], []
    return [Document(raw=text, path=str(path), title=_first_line(text))], []


def read_jsonl(text: str, path: str) -> tuple[list[Document], list[Failure]]:
    """One article per line (``text`` required; ``title, url, date, source, lang`` optional)."""
    docs: list[Document] = []
    failures: list[Failure] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            failures.append(Failure(where, f"malformed JSON: {exc.msg} (column {exc.colno})"))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            failures.append(Failure(where, "JSON line without a non-empty \"text\" field"))
            continue
        body = obj["text"]
        is_html = looks_like_html(body)
        title = str(obj.get("title") or "")
        if is_html:
            body, html_title = html_to_text(body)
            title = title or html_title
        docs.append(Document(raw=body, path=where, title=title or _first_line(body),
                             url=str(obj.get("url") or ""), date=str(obj.get("date") or ""),
                             source=str(obj.get("source") or ""), lang_hint=str(obj.get("lang") or ""),
                             is_html=is_html))
    return docs, failures


def iter_documents(paths: Iterable[Path]) -> Iterator[tuple[Path, list[Document], list[Failure]]]:
    """Read each file in turn."""
    for p in paths:
        docs, failures = read_file(p)
        yield p, docs, failures


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""
