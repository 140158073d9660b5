"""The `novu-planner` command: a thin layer over the library.

Only click and the model are imported at start-up; OR-Tools and pandas are
imported inside the commands that need them, so `--help` and `validate`
answer at once.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import NetworkError, NovuError

NETWORK_ARG = click.argument("network", required=False, type=click.Path(dir_okay=True, path_type=Path))
JSON_OPT = click.option("--json", "as_json", is_flag=True, help="Print a machine-readable result on stdout.")


def _fail(error: NovuError, as_json: bool) -> None:
    if as_json:
        payload: dict = {"ok": False, "exit_code": error.exit_code, "error": str(error)}
        if isinstance(error, NetworkError):
            payload["problems"] = [p.to_json() for p in error.problems]
        conflict = getattr(error, "conflict", None)
        if conflict:
            payload["conflict"] = conflict
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(f"novu-planner: {error}", err=True)
    sys.exit(error.exit_code)


class _Guarded(click.Group):
    """Turns every error into a message and an exit status, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NovuError as error:
            _fail(error, bool(ctx.params.get("as_json")) or _json_requested())
        except KeyboardInterrupt:
            click.echo("novu-planner: interrupted; nothing was written", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except RecursionError:
            click.echo("novu-planner: the input is nested too deeply to read", err=True)
            sys.exit(2)
        except Exception as error:  # a bug in novu-planner, not in the user's input
            click.echo(
                f"novu-planner: internal error ({type(error).__name__}: {error}); "
                "please report it with the network file",
                err=True,
            )
            sys.exit(70)


def _json_requested() -> bool:
    return "--json" in sys.argv[1:]


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="novu-planner")
def cli() -> None:
    """Plan a rotating twin-town network: who hosts, who comes, which days.

    NETWORK is a network file (TOML); left out, the NOVU network that ships
    with novu-planner is used.
    """


@cli.command()
@NETWORK_ARG
@click.option(
    "--from",
    "first_year",
    type=click.IntRange(1900, 2200),
    default=None,
    help="First year to plan, for the rota shown (default: next year).",
)
@JSON_OPT
def validate(network: Path | None, first_year: int | None, as_json: bool) -> None:
    """Check a network file and show the base rota each series will use."""
    from .clock import next_year
    from .loader import load_network
    from .summary import describe_network, network_facts

    model = load_network(network)
    first = first_year or next_year()
    if as_json:
        click.echo(json.dumps(network_facts(model, first), ensure_ascii=False, indent=2))
    else:
        click.echo(describe_network(model, first))


def main() -> None:
    cli(prog_name="novu-planner")
