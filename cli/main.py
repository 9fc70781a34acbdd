"""The ``tradekg`` command: a group whose subcommands are imported only when used."""

from __future__ import annotations

import importlib

import click

# name -> "module:function" under tradekg.cli; importing a command module is cheap (click
# only), and each command imports the library inside its body, so `tradekg --help` stays fast.
COMMANDS: dict[str, str] = {
    "build": "build:build",
    "validate": "build:validate",
    "query": "query:query",
    "entities": "entities:entities",
    "path": "paths:path",
    "blockers": "paths:blockers",
    "tradeoffs": "paths:tradeoffs",
    "export": "export:export",
    "push": "push:push",
    "serve": "serve:serve",
    "ingest": "ingest:ingest",
    "view": "view:view",
    "timeline": "time:timeline",
    "diff": "time:diff",
    "measures": "time:measures",
    "status": "time:status",
    "conflicts": "conflicts:conflicts",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that command is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"tradekg.cli.{module_name}")
        command: click.Command = getattr(module, attr)
        return command


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from tradekg.graph.core.fingerprint import tradekg_version

        click.echo(f"tradekg {tradekg_version()}")
        ctx.exit()


# --version looks the version up only when asked (importlib.metadata: 20 ms of every command's start).
@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def main() -> None:
    """Turn reporting on trade negotiations into an RDF knowledge graph, and ask it questions.

    \b
    Example — build the bundled corpus, then ask what each side demands:
      tradekg build
      tradekg query demands
      tradekg entities india
    """
    from tradekg.cli.common import terminal_safe_output

    # Labels and quotes are untrusted text: what reaches the terminal shows control characters
    # escaped (issue 18, item 12); JSON, CSV and RDF output keep the data exact.
    click.get_current_context().call_on_close(terminal_safe_output())


def run() -> None:
    """The ``tradekg`` console script: :func:`main`, then the process ends at once, without
    freeing one by one what it holds (a build's in-memory copy of a million-triple store takes
    0.5 s to free, and its manifest 0.2 s more; the system takes back the memory in no time).

    Only once the command has finished (click ends it with SystemExit, its output flushed
    here) and no other thread still runs; a crash ends the usual way, with its traceback.
    """
    import os
    import sys
    import threading

    try:
        main()
        status: object = 0
    except SystemExit as done:
        status = done.code
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(status)
    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:  # as Python does with sys.exit("message")
        print(status, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be said
        code = code or 1
    os._exit(code if 0 <= code <= 255 else 1)
