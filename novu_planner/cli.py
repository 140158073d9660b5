"""The `novu-planner` command: a thin layer over the library.

Only click and the model are imported at start-up; OR-Tools and pandas are
imported inside the commands that need them, so `--help` and `validate`
answer at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from novu_planner import __version__
from novu_planner.errors import InputError, NetworkError, NovuError, printable
from novu_planner.exporters.i18n import LANGUAGES

NETWORK_ARG = click.argument("network", required=False, type=click.Path(dir_okay=True, path_type=Path))
JSON_OPT = click.option("--json", "as_json", is_flag=True, help="Print a machine-readable result on stdout.")


def _json_failure(exit_code: int, message: str) -> None:
    """A failure as JSON on stdout, for every outcome of a --json run."""
    payload = {"ok": False, "exit_code": exit_code, "error": message}
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    sys.exit(exit_code)


def _plain_failure(exit_code: int, message: str) -> None:
    if _json_requested():
        _json_failure(exit_code, message)
    click.echo(f"novu-planner: {message}", err=True)
    sys.exit(exit_code)


def _fail(error: NovuError, as_json: bool) -> None:
    if as_json:
        payload: dict = {"ok": False, "exit_code": error.exit_code, "error": str(error)}
        if isinstance(error, NetworkError):
            payload["problems"] = [p.to_json() for p in error.problems]
        conflict = getattr(error, "explained", None)
        if conflict:
            payload["conflict"] = conflict  # each entry: its key, line and text
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(f"novu-planner: {printable(str(error), keep=chr(10))}", err=True)
    sys.exit(error.exit_code)


class _Guarded(click.Group):
    """Turns every error into a message and an exit status, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NovuError as error:
            _fail(error, bool(ctx.params.get("as_json")) or _json_requested())
        except KeyboardInterrupt:
            _plain_failure(130, "interrupted; nothing was written")
        except ImportError as error:
            # Ctrl-C inside a native module's start-up (OR-Tools) surfaces as an ImportError.
            if isinstance(error.__cause__ or error.__context__, KeyboardInterrupt):
                _plain_failure(130, "interrupted; nothing was written")
            raise
        except click.UsageError as error:
            if _json_requested():
                _json_failure(error.exit_code, error.format_message())
            raise
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except RecursionError:
            _plain_failure(2, "the input is nested too deeply to read")
        except Exception as error:  # a bug in novu-planner, not in the user's input
            _plain_failure(
                70,
                f"internal error ({type(error).__name__}: {printable(str(error))}); "
                "please report it with the network file",
            )


def _exit_now(status: int) -> None:
    """Exit without tearing the interpreter down.

    Every `finally` has run by now (a half-built folder is gone). What is
    skipped is the interpreter's own teardown: freeing pandas and the rest
    takes about a sixth of a plan's time, a solver stopped half-way can
    abort the process in it, and a Ctrl-C in it kills the process (status
    -2) instead of exiting. The exit handlers still run (the holiday cache
    is saved by one), with Ctrl-C ignored: the command is over.
    """
    import atexit

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    atexit._run_exitfuncs()  # what a normal exit runs before the teardown
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream has nothing to flush to
            stream.flush()
    os._exit(status)


# Set by `main()`: only the program itself changes how it takes a Ctrl-C,
# never a caller running the commands in its own process (tests, a GUI).
_PROGRAM = False


def _written() -> None:
    """The command's file is safely in place: a Ctrl-C from now on is ignored.

    What is left is printing a summary. An interrupt there would report
    "nothing was written" about a plan that was.
    """
    if _PROGRAM:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


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
    from novu_planner.clock import next_year, past_first_year
    from novu_planner.exporters.network_summary import describe_network, network_facts
    from novu_planner.network.entries import idle_blackouts
    from novu_planner.network.loader import load_network

    model = load_network(network)
    first = first_year or next_year()
    warnings = [w for w in [past_first_year(first)] if w] + idle_blackouts(model)
    if as_json:
        facts = {"ok": True, **network_facts(model, first), "warnings": warnings}
        click.echo(json.dumps(facts, ensure_ascii=False, indent=2))
    else:
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(describe_network(model, first))


def _sep(ctx: click.Context, param: click.Parameter, value: str) -> str:
    value = "\t" if value in ("tab", "\\t") else value
    if len(value) != 1 or value in '"\r\n' or value.isalnum():
        raise click.BadParameter("expected one character such as ';' or ','")
    if value in "'=+-@\uff1d\uff0b\uff0d\uff20":  # a spreadsheet could read what follows it as a formula
        raise click.BadParameter(f"{value!r} could start a formula; expected one such as ';' or ','")
    return value


def csv_sep_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--csv-sep",
        default=";",
        show_default=True,
        callback=_sep,
        help=f"Field separator of the CSV {what} (',' for English-locale spreadsheets).",
    )


@cli.command()
@NETWORK_ARG
@click.option(
    "--from",
    "first_year",
    type=click.IntRange(1900, 2200),
    default=None,
    help="First year to plan (default: next calendar year; from SOURCE_DATE_EPOCH when set).",
)
@click.option(
    "--years",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="How many calendar years to plan.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Plan folder to write (default: ./<network id>-plan).",
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    default=None,
    help="plan.json (or folder) of the published plan to disturb least (default: the plan in --out).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(0.1, 86400),
    default=60.0,
    show_default=True,
    help="Seconds the solver may take in all.",
)
@click.option(
    "--seed",
    type=click.IntRange(0, 2**31 - 1),
    default=0,
    show_default=True,
    help="Solver seed; the same input and seed give the same plan.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Solver threads. 1 makes even a plan cut short by the time limit reproducible.",
)
@click.option("--force", is_flag=True, help="Replace the plan already in --out.")
@csv_sep_option("files")
@click.option("--solver-log", is_flag=True, help="Print CP-SAT's own search log on stderr.")
@click.option(
    "--solver-param",
    "solver_params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A CP-SAT parameter passed through, e.g. max_presolve_iterations=1 (repeatable).",
)
@JSON_OPT
def plan(
    network: Path | None,
    first_year: int | None,
    years: int,
    out: Path | None,
    previous: Path | None,
    time_limit: float,
    seed: int,
    workers: int,
    force: bool,
    csv_sep: str,
    solver_log: bool,
    solver_params: tuple[str, ...],
    as_json: bool,
) -> None:
    """Plan who hosts, who comes and which days, and write the plan folder."""
    import novu_planner as n
    from novu_planner.plans.folder import check_out, out_lock

    model = n.load_network(network)
    out = out or Path(f"{model.id}-plan")
    click.get_current_context().with_resource(out_lock(out))  # held until the command returns
    check_out(out, force)  # refuse before solving, not after
    result = n.plan(
        model,
        first=first_year,
        years=years,
        previous=previous or n.default_previous(out),
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        solver_log=solver_log,
        solver_params=solver_params,
    )
    result.write(out, force=force, csv_sep=csv_sep)
    _written()
    if as_json:
        click.echo(
            json.dumps({"ok": True, "out": str(out), **result.to_json()}, ensure_ascii=False, indent=2)
        )
    else:
        from novu_planner.exporters.plan_summary import describe_plan

        click.echo(describe_plan(result, str(out)))


@cli.command()
@click.argument("plan_path", metavar="PLAN_DIR_OR_JSON", type=click.Path(path_type=Path))
@JSON_OPT
def show(plan_path: Path, as_json: bool) -> None:
    """Print a written plan as a table: year, series, host, status, days, why."""
    import novu_planner as n

    saved = n.read_plan(plan_path)
    if as_json:
        click.echo(json.dumps({"ok": True, **saved.to_json()}, ensure_ascii=False, indent=2))
    else:
        from novu_planner.exporters.plan_summary import describe_saved

        click.echo(describe_saved(saved))


@cli.command()
@click.argument("plan_path", metavar="PLAN_DIR_OR_JSON", type=click.Path(path_type=Path))
@click.option(
    "--network",
    "network",
    type=click.Path(path_type=Path),
    default=None,
    help="Check against this network file (default: the network the plan was made from).",
)
@JSON_OPT
def check(plan_path: Path, network: Path | None, as_json: bool) -> None:
    """Check a written plan against every rule and recompute its costs, without a solver.

    Exits 0 when every rule holds and every cost matches, 1 when not.
    """
    import novu_planner as n

    saved = n.read_plan(plan_path)
    model = n.load_network(network) if network is not None else saved.network
    if saved.network.id != model.id:
        named = saved.network.source.name if saved.network.source else "its own network file"
        raise InputError(
            f"{plan_path}: a plan of network {saved.network.id!r} (made from {named}), "
            f"not of {model.id!r}; give that file with --network, or leave --network out "
            "to check against the network the plan carries"
        )
    changed = saved.network.sha256 != model.sha256
    problems = n.check(saved, model)
    if as_json:
        payload = {
            "ok": not problems,
            "exit_code": 1 if problems else 0,
            "plan": str(plan_path),
            "network": model.id,
            "network_changed": changed,
            "violations": [str(p) for p in problems],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        sys.exit(1 if problems else 0)
    if changed:
        click.echo("note: the network file has changed since the plan was made", err=True)
    for problem in problems:
        click.echo(f"violation: {printable(str(problem))}")
    if problems:
        sys.exit(1)
    click.echo(f"{plan_path}: every rule holds and every cost matches")


LANG_OPT = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the page (default: the network's language, else en).",
)


@cli.command()
@click.argument("plan_path", metavar="PLAN_DIR_OR_JSON", type=click.Path(path_type=Path))
@LANG_OPT
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="HTML file to write (default: print the page on stdout).",
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    default=None,
    help="An earlier plan (folder or plan.json) to list the changes since.",
)
def report(plan_path: Path, lang: str | None, out: Path | None, previous: Path | None) -> None:
    """Write the plan as one HTML page for the city councils, in their language."""
    import novu_planner as n
    from novu_planner.exporters.report import render_report

    saved = n.read_plan(plan_path)
    earlier = n.read_plan(previous) if previous is not None else None
    _write_page(render_report(saved, lang, earlier), out)


@cli.command()
@click.argument("old_path", metavar="OLD", type=click.Path(path_type=Path))
@click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
@JSON_OPT
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the comparison as an HTML page in the report's style.",
)
@LANG_OPT
def diff(old_path: Path, new_path: Path, as_json: bool, html_out: Path | None, lang: str | None) -> None:
    """Compare two plans of the same network: each changed edition and both plans' costs.

    OLD and NEW are plan folders or plan.json files.
    """
    import novu_planner as n
    from novu_planner.exporters.plan_diff import compare, describe_diff, diff_json, same_network

    old, new = n.read_plan(old_path), n.read_plan(new_path)
    same_network(old, new)
    changes = compare(old.editions, new.editions)
    names = (str(old_path), str(new_path))
    if html_out is not None:
        from novu_planner.exporters.report import render_diff

        _write_page(render_diff(old, new, lang, names), html_out)
    if as_json:
        click.echo(json.dumps(diff_json(old, new, changes, names), ensure_ascii=False, indent=2))
    else:
        click.echo(describe_diff(old, new, changes, names))


def _write_page(html: str, out: Path | None) -> None:
    """On stdout, or into `out`: a new file, or one this program wrote before (never a file of yours)."""
    if out is None:
        click.echo(html, nl=False)
        return
    from novu_planner.exporters.report import write_page

    write_page(out, html)


@cli.command()
@click.argument("plan_path", metavar="PLAN", type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(path_type=Path), required=True, help="Folder to write the website into."
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help="The address the site will be published at (for the subscribe buttons).",
)
@click.option("--force", is_flag=True, help="Replace the site already in --out.")
@csv_sep_option("downloads")
def site(plan_path: Path, out: Path, base_url: str | None, force: bool, csv_sep: str) -> None:
    """Write a static website of a plan: a page per town with subscribe links, the feeds, the tables.

    Any web server can host the folder as it is, and it works opened from disk.
    """
    import novu_planner as n

    saved = n.read_plan(plan_path)
    n.write_site(saved, out, base_url=base_url, force=force, csv_sep=csv_sep)
    _written()
    click.echo(f"website written to {printable(str(out))}; open {printable(str(out / 'index.html'))}")
    if base_url is None:
        click.echo("note: without --base-url the pages offer the .ics files only, no subscribe buttons")


PROGRESS_FROM = 20  # events to send from which publish shows a progress bar


@cli.command()
@click.argument("plan_path", metavar="PLAN", type=click.Path(path_type=Path))
@click.option(
    "--caldav", "url", required=True, metavar="URL", help="The CalDAV server (its base or principal URL)."
)
@click.option("--user", required=True, help="User name on the server.")
@click.option(
    "--password-env",
    metavar="VAR",
    default=None,
    help="Environment variable holding the password (default: ask for it, hidden).",
)
@click.option("--dry-run", is_flag=True, help="Compare and print what would change; send nothing.")
@JSON_OPT
def publish(
    plan_path: Path, url: str, user: str, password_env: str | None, dry_run: bool, as_json: bool
) -> None:
    """Put every town's calendar, and the network's, into a CalDAV server.

    One calendar collection per town plus one for the network, created when
    missing. Unchanged events are not sent again; events the plan dropped are
    sent cancelled, never deleted. Exits 4 when the server refuses or cannot
    be reached.
    """
    import novu_planner as n

    saved = n.read_plan(plan_path)
    if password_env is not None:
        password = os.environ.get(password_env)
        if password is None:
            raise InputError(f"--password-env {password_env}: no such environment variable is set")
    else:
        password = click.prompt(f"CalDAV password for {user}", hide_input=True, err=True)
    with contextlib.ExitStack() as stack:
        bars: list[Any] = []

        def progress(sent: int, total: int) -> None:
            if total >= PROGRESS_FROM and not as_json:
                if not bars:
                    bars.append(
                        stack.enter_context(click.progressbar(length=total, label="sending", file=sys.stderr))
                    )
                bars[0].update(1)

        report = n.publish(saved, url, user, password, dry_run, progress=progress)
    if as_json:
        click.echo(json.dumps({"ok": True, **report.to_json()}, ensure_ascii=False, indent=2))
    else:
        from novu_planner.publishing.caldav import describe_report

        click.echo(describe_report(report))


# `novu-planner docs TOPIC`: the file that holds it.
DOCS = {"network-format": "network-format.md", "python-api": "python-api.md"}


@cli.command()
@click.argument("topic", required=False, default="network-format", type=click.Choice(sorted(DOCS)))
def docs(topic: str) -> None:
    """Print a reference: every key of the network file (the default), or the Python API.

    It is Markdown, readable as it is: novu-planner docs | less
    """
    from novu_planner.files import shipped

    page = f"docs/{DOCS[topic]}"
    click.echo(shipped(page, page).read_bytes(), nl=False)


@cli.command()
def example() -> None:
    """Print a commented starting network file.

    Save it and fill it in: novu-planner example > my-network.toml
    """
    from importlib.resources import files

    # As bytes: the file stays UTF-8 whatever the console's encoding.
    click.echo(files("novu_planner.network").joinpath("example.toml").read_bytes(), nl=False)


def main() -> None:
    global _PROGRAM
    _PROGRAM = True
    try:
        cli(prog_name="novu-planner")
    except SystemExit as done:
        # Every command ends here, its files written and closed.
        if done.code is None or isinstance(done.code, int):
            _exit_now(done.code or 0)
        raise
