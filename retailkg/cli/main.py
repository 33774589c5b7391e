"""Entry point: ``retailkg`` with one sub-command module per area."""

from __future__ import annotations

import importlib

import click

from retailkg import __version__

# Each module defines a click command (or group) named ``command``.
COMMAND_MODULES = ("ingest", "export", "stats", "query", "cypher", "serve", "sync")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="retailkg")
def cli() -> None:
    """retailkg: a knowledge graph of Chinese tech retail, built from news articles."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"retailkg.cli.{_name}_cmd")
    except ModuleNotFoundError as _exc:  # a command whose module is not written yet
        if _exc.name != f"retailkg.cli.{_name}_cmd":
            raise
        continue
    cli.add_command(_module.command)


def main() -> None:
    cli(prog_name="retailkg")


if __name__ == "__main__":
    main()
