"""The ingest pipeline: files → documents → steps → one atomic graph delta per article."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from retailkg.graph.merge import apply_delta
from retailkg.graph.rankings import refresh_rankings
from retailkg.graph.records import ArticleRecord, GraphDelta, concat_deltas
from retailkg.graph.store import GraphStore, StoreError
from retailkg.ingest.clean import clean
from retailkg.ingest.coref import coref
from retailkg.ingest.document import Document
from retailkg.ingest.language import language
from retailkg.ingest.mentions import mentions
from retailkg.ingest.readers import Failure, discover, read_file
from retailkg.ingest.relations import relations
from retailkg.ingest.resolve import Resolver, resolve
from retailkg.ingest.segment import segment

# The declared order of the steps; each takes and returns a Document.
STEPS: tuple[Callable[[Document], Document], ...] = (clean, segment, language, mentions)


def warm_up() -> None:
    """Load the knowledge base and every lexicon now rather than on the first article."""
    from retailkg.ingest.kb import load_kb
    from retailkg.ingest.lexicon import available_languages, load_lexicon

    load_kb()
    for lang in available_languages():
        load_lexicon(lang)


def article_id(doc: Document) -> str:
    """Content hash of the article text: the same article always gets the same id."""
    return hashlib.sha256(doc.raw.strip().encode("utf-8")).hexdigest()[:20]


def process(doc: Document, resolver: Resolver) -> GraphDelta:
    """Run every step on one document and return its graph delta."""
    for step in STEPS:
        doc = step(doc)
    doc = relations(coref(resolve(doc, resolver)))
    aid = article_id(doc)
    for rel in doc.relations:
        for ev in rel.evidence:
            ev.article = aid
    used = {r.source for r in doc.relations} | {r.target for r in doc.relations}
    mentioned = {m.entity_id for m in doc.mentions}
    entities = [e for e in doc.entities.values() if e.id in used or e.id in mentioned]
    article = ArticleRecord(id=aid, text=doc.text, title=doc.title, url=doc.url, date=doc.date,
                            source=doc.source, lang=doc.lang, path=doc.path)
    return GraphDelta(articles=[article], entities=entities, relations=doc.relations)


@dataclass
class IngestReport:
    """What an ingest run did."""

    files: int = 0
    articles: int = 0
    skipped_existing: int = 0
    bytes: int = 0
    seconds: float = 0.0
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)


BATCH_ARTICLES = 128


def ingest_documents(docs: Iterable[Document], store: GraphStore, report: IngestReport,
                     resolver: Resolver) -> None:
    """Process documents and write them in batches, one transaction per batch.

    Articles already stored (same content hash) are skipped before any processing. If a batch
    fails to write, its articles are retried one by one so a single bad one cannot sink the rest.
    """
    docs = list(docs)
    for i in range(0, len(docs), BATCH_ARTICLES):
        batch = docs[i:i + BATCH_ARTICLES]
        ids = [article_id(d) for d in batch]
        known = store.existing_articles(list(set(ids)))
        deltas: list[tuple[Document, GraphDelta]] = []
        seen: set[str] = set()
        for doc, aid in zip(batch, ids):
            if aid in known or aid in seen:
                report.skipped_existing += 1
                continue
            seen.add(aid)
            try:
                deltas.append((doc, process(doc, resolver)))
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
                report.failures.append(Failure(doc.path, f"{type(exc).__name__}: {exc}"))
        if not deltas:
            continue
        try:
            apply_delta(store, concat_deltas([d for _, d in deltas]))
            written = deltas
        except StoreError:
            raise  # the store itself is unreachable: stop with its message
        except Exception:  # noqa: BLE001 - retry one by one to isolate the culprit
            written = []
            for doc, delta in deltas:
                try:
                    apply_delta(store, delta)
                    written.append((doc, delta))
                except Exception as exc:  # noqa: BLE001
                    report.failures.append(Failure(doc.path, f"could not store: {type(exc).__name__}: {exc}"))
        for doc, _ in written:
            report.articles += 1
            report.bytes += len(doc.raw.encode("utf-8"))


def ingest_paths(paths: Iterable[str | Path], store: GraphStore,
                 progress: Callable[[Iterable], Iterable] | None = None) -> IngestReport:
    """Ingest files and folders into ``store``; bad files are reported, the rest lands."""
    started = time.perf_counter()
    report = IngestReport()
    files, failures = discover(paths)
    report.failures.extend(failures)
    report.files = len(files)
    resolver = Resolver(existing=store.entity_index())
    iterator = progress(files) if progress else files
    pending: list[Document] = []
    for path in iterator:
        docs, errs = read_file(Path(path))
        report.failures.extend(errs)
        pending.extend(docs)
        if len(pending) >= BATCH_ARTICLES:
            ingest_documents(pending, store, report, resolver)
            pending = []
    ingest_documents(pending, store, report, resolver)
    refresh_rankings(store)  # PageRank and degree on the entities, unless the graph is unchanged
    report.seconds = time.perf_counter() - started
    return report
