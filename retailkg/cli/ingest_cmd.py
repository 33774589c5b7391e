"""``retailkg ingest``: article files and folders into the graph."""

from __future__ import annotations

import sys

import click

from retailkg.cli.options import open_from_options, store_options
from retailkg.cli.stats_cmd import print_stats


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@store_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def command(paths: tuple[str, ...], store_opts: dict, quiet: bool) -> None:
    """Ingest article files (.txt .md .html .jsonl) and folders (recursively)."""
    from tqdm import tqdm

    from retailkg.graph.store import StoreError
    from retailkg.ingest.pipeline import ingest_paths

    store = open_from_options(store_opts)
    try:
        def progress(files):
            return tqdm(files, desc="ingest", unit="file", disable=quiet or not sys.stderr.isatty())

        try:
            report = ingest_paths(paths, store, progress=progress)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
        if not quiet:
            mb = report.bytes / 1e6
            click.echo(f"Ingested {report.articles} new article(s) from {report.files} file(s) "
                       f"({report.skipped_existing} already present) in {report.seconds:.1f} s "
                       f"({mb / max(report.seconds, 1e-9):.2f} MB/s).")
            print_stats(store)
        if report.failures:
            click.echo(f"{len(report.failures)} file(s) or line(s) could not be ingested:", err=True)
            for f in report.failures:
                click.echo(f"  {f.path}: {f.reason}", err=True)
            sys.exit(1)
    finally:
        store.close()
