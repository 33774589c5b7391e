"""Generate a synthetic benchmark corpus from the demo articles in ``data/demo``.

Every demo article (``.txt``, ``.md``, ``.html``/``.htm`` and each line of ``.jsonl`` files, whatever
the encoding: UTF-8 or GB18030) is split into paragraphs. Each synthetic article then takes the
paragraphs of one demo article, or combines paragraphs of two or three demo articles written in the
same language, shuffles their order and appends a unique counter line, so no two generated files
have the same content hash. Output files are UTF-8 ``.txt``.

Usage::

    python bench/make_corpus.py /tmp/corpus -n 1000 --seed 0
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class DemoArticle:
    """One demo article: where it came from, its language and its paragraphs."""

    name: str
    lang: str
    paragraphs: tuple[str, ...]


class _ArticleTextParser(HTMLParser):
    """Collect the text of ``<h1>``/``<p>``/``<li>`` blocks, preferring those inside ``<article>``."""

    _BLOCKS = {"h1", "h2", "h3", "p", "li"}
    _SKIP = {"script", "style", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article_blocks: list[str] = []
        self.other_blocks: list[str] = []
        self._in_article = 0
        self._skip = 0
        self._buffer: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "article":
            self._in_article += 1
        elif tag in self._BLOCKS and not self._skip:
            self._flush()
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "article":
            self._flush()
            self._in_article = max(0, self._in_article - 1)
        elif tag in self._BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._buffer is not None and not self._skip:
            self._buffer.append(data)

    def _flush(self) -> None:
        if self._buffer is None:
            return
        text = " ".join("".join(self._buffer).split())
        if text:
            (self.article_blocks if self._in_article else self.other_blocks).append(text)
        self._buffer = None

    def paragraphs(self) -> list[str]:
        """The article's blocks if there is an ``<article>``, else all blocks found."""
        self._flush()
        return self.article_blocks or self.other_blocks


def decode(data: bytes) -> str:
    """Decode demo bytes: UTF-8 (with or without BOM) first, then GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def split_paragraphs(text: str) -> list[str]:
    """Split plain text on blank lines, dropping empty paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip() for p in _BLANK_LINES.split(text) if p.strip()]


def _lang_from_name(path: Path) -> str:
    """Language code taken from the file-name prefix (``en_…``, ``zh_…``), or ``und``."""
    prefix = path.name.split("_", 1)[0].lower()
    return prefix if len(prefix) == 2 and prefix.isalpha() else "und"


def load_demo_articles(demo_dir: Path = DEMO_DIR) -> list[DemoArticle]:
    """Read every demo article in ``demo_dir`` (README files excluded), one entry per JSONL line."""
    articles: list[DemoArticle] = []
    for path in sorted(demo_dir.iterdir()):
        if path.suffix.lower() not in SUFFIXES or path.stem.lower() == "readme" or not path.is_file():
            continue
        text = decode(path.read_bytes())
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            for number, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                record = json.loads(line)
                body = split_paragraphs(str(record.get("text", "")))
                title = str(record.get("title", "")).strip()
                paragraphs = ([title] if title else []) + body
                lang = str(record.get("lang") or _lang_from_name(path))
                if paragraphs:
                    articles.append(DemoArticle(f"{path.name}:{number}", lang, tuple(paragraphs)))
            continue
        if suffix in (".html", ".htm"):
            parser = _ArticleTextParser()
            parser.feed(text)
            parser.close()
            paragraphs = parser.paragraphs()
        else:
            paragraphs = split_paragraphs(text)
        if paragraphs:
            articles.append(DemoArticle(path.name, _lang_from_name(path), tuple(paragraphs)))
    return articles


def _compose(rng: random.Random, articles: list[DemoArticle], by_lang: dict[str, list[DemoArticle]]) -> str:
    """Build one synthetic article body from one to three demo articles of the same language."""
    primary = rng.choice(articles)
    peers = [a for a in by_lang[primary.lang] if a is not primary]
    n_extra = min(len(peers), rng.choice((0, 1, 1, 2)))
    sources = [primary, *rng.sample(peers, n_extra)]
    first, *body = primary.paragraphs
    # The title is the first line; lines under it (source/author) stay a movable paragraph.
    title, _, rest = first.partition("\n")
    if rest.strip():
        body.insert(0, rest.strip())
    for extra in sources[1:]:
        # Take a random subset (at least one) of each extra article's paragraphs.
        k = rng.randint(1, len(extra.paragraphs))
        body.extend(rng.sample(extra.paragraphs, k))
    rng.shuffle(body)
    return "\n\n".join([title, *body])


def generate_corpus(out_dir: Path, n_articles: int = 1000, seed: int = 0) -> list[Path]:
    """Write ``n_articles`` synthetic UTF-8 ``.txt`` articles derived from the demo articles.

    Args:
        out_dir: Folder to write into (created if missing).
        n_articles: Number of articles to generate.
        seed: Seed for the random generator; the same seed gives the same corpus.

    Returns:
        The paths of the written files, in generation order.
    """
    articles = load_demo_articles()
    if not articles:
        raise FileNotFoundError(f"no demo articles found in {DEMO_DIR}")
    by_lang: dict[str, list[DemoArticle]] = {}
    for article in articles:
        by_lang.setdefault(article.lang, []).append(article)
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    width = max(6, len(str(n_articles)))
    paths: list[Path] = []
    for i in range(n_articles):
        body = _compose(rng, articles, by_lang)
        text = f"{body}\n\nArticle-ID: synthetic-{seed}-{i:0{width}d}\n"
        path = out_dir / f"synthetic_{i:0{width}d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Generate a synthetic corpus from the demo articles.")
    parser.add_argument("out_dir", type=Path, help="folder to write the .txt articles into")
    parser.add_argument(
        "-n", "--n-articles", type=int, default=1000, help="number of articles (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    paths = generate_corpus(args.out_dir, args.n_articles, args.seed)
    print(f"wrote {len(paths)} articles to {args.out_dir}")


if __name__ == "__main__":
    main()
