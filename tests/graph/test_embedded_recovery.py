"""The embedded store reopens after a process died while appending to the write-ahead log."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from retailkg.graph.embedded import EmbeddedStore

WRITER = """
import os, sys
from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.records import ArticleRecord, EntityRecord
store = EmbeddedStore(sys.argv[1])
labels = ["Company", "Platform", "Person", "Product", "Organization"]
store.write([ArticleRecord(id="a0", text="text")], [EntityRecord(id="e", name="E", label=labels[0])], [])
for i in range(1, int(sys.argv[2])):  # updates of a stored row go through the write-ahead log
    store.write([], [EntityRecord(id="e", name="E", label=labels[i])], [])
os._exit(0)  # die without closing: the log is not checkpointed
"""


def _label(store: EmbeddedStore) -> str:
    return store.fetch_entities(["e"])["e"].label


def test_torn_log_tail_is_dropped_and_the_rest_replayed(tmp_path: Path, caplog) -> None:
    db = tmp_path / "graph"
    subprocess.run([sys.executable, "-c", WRITER, str(db), "5"], check=True, timeout=120)
    wal = db / "graph.lbug.wal"
    assert wal.exists() and wal.stat().st_size > 0
    with wal.open("r+b") as f:  # tear the last record, as a kill during the append would
        f.truncate(wal.stat().st_size - 7)
    with caplog.at_level(logging.WARNING, logger="retailkg.graph.embedded"):
        store = EmbeddedStore(db)
    try:
        assert _label(store) == "Product"  # the torn fifth transaction is gone, the four before it are there
        assert [a.id for a in store.all_articles()] == ["a0"]
        assert "incomplete record" in caplog.text
        store.write([], [], [])  # and the store is writable again
    finally:
        store.close()


def test_an_intact_log_is_replayed_without_a_warning(tmp_path: Path, caplog) -> None:
    db = tmp_path / "graph"
    subprocess.run([sys.executable, "-c", WRITER, str(db), "3"], check=True, timeout=120)
    with caplog.at_level(logging.WARNING, logger="retailkg.graph.embedded"):
        store = EmbeddedStore(db)
    try:
        assert _label(store) == "Person"
        assert "incomplete record" not in caplog.text
    finally:
        store.close()
