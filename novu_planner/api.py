"""The public Python API: load a network, plan it, write, read back and check plans.

    import novu_planner as n

    network = n.load_network("schedules/novu.toml")
    plan = n.plan(network, first=2027)
    plan.write("novu-plan")
    again = n.read_plan("novu-plan")
    assert n.check(again, network) == []

Every function raises a `NovuError` subclass for what the user can get
wrong (`NetworkError` for a bad file, `InfeasibleError` when no plan can
keep the hard rules, `TimeLimitError` when none was found in time); the
command line is a thin shell that turns them into messages and exit
statuses. OR-Tools and pandas are imported only by the calls that need
them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from novu_planner.checks.rotation import Violation
from novu_planner.errors import InputError
from novu_planner.network.loader import load_network as _load_file
from novu_planner.network.loader import parse_network
from novu_planner.network.model import Network
from novu_planner.planning.previous import PreviousPlan, previous_from, read_previous
from novu_planner.plans.folder import default_previous, replace_folder
from novu_planner.plans.model import PlanData
from novu_planner.plans.plan_json import plan_to_json, read_plan_file

if TYPE_CHECKING:
    import pandas as pd

    from novu_planner.publishing.caldav import Progress, PublishReport

__all__ = [
    "Plan",
    "check",
    "default_previous",
    "load_network",
    "plan",
    "publish",
    "read_plan",
    "write_site",
]


class Plan(PlanData):
    """A plan: its editions with hosts, days and delegations, its costs, and how to write it."""

    @classmethod
    def from_data(cls, data: PlanData) -> Plan:
        return cls(**{f.name: getattr(data, f.name) for f in dataclasses.fields(PlanData)})

    def files(self, csv_sep: str = ";") -> dict[str, bytes]:
        """Every file of the plan folder, by its path inside the folder."""
        from novu_planner.exporters.files import plan_files

        return plan_files(self, csv_sep)

    def write(self, out: str | os.PathLike[str], force: bool = False, csv_sep: str = ";") -> Path:
        """Write the plan folder atomically; an existing plan is replaced only with `force`.

        A folder holding anything other than a plan is refused (`InputError`).
        """
        return replace_folder(out, self.files(csv_sep), force)

    def to_json(self) -> dict:
        """plan.json's content."""
        return plan_to_json(self)

    def rotation_frame(self) -> pd.DataFrame:
        """rotation.csv as a DataFrame: one row per edition, years as int, days as dates."""
        from novu_planner.exporters.tables import rotation_frame

        return rotation_frame(self)

    def quotas_frame(self) -> pd.DataFrame:
        """quotas.csv as a DataFrame: one row per edition and delegation."""
        from novu_planner.exporters.tables import quotas_frame

        return quotas_frame(self)

    def check(self, network: Network | None = None) -> list[Violation]:
        return check(self, network)


def load_network(path_or_text: str | os.PathLike[str] | bytes | None = None) -> Network:
    """A validated network from a file path, or from the TOML text itself; the bundled NOVU network
    when left out. Raises `NetworkError` carrying every problem found."""
    if isinstance(path_or_text, bytes):
        return parse_network(path_or_text)
    if isinstance(path_or_text, str) and "\n" in path_or_text:
        return parse_network(path_or_text.encode("utf-8"))
    return _load_file(None if path_or_text is None else Path(path_or_text))


def plan(
    network: Network,
    first: int | None = None,
    years: int = 10,
    previous: PlanData | str | os.PathLike[str] | None = None,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int = 1,
    *,
    solver_log: bool = False,
    solver_params: Sequence[str] = (),
) -> Plan:
    """Plan `years` calendar years from `first` (default: next year).

    `previous` is the published plan the new one must disturb least: a
    `Plan`, or the path of a plan folder or plan.json. `time_limit` is the
    budget in seconds of the whole run; `solver_params` are CP-SAT
    parameters as NAME=VALUE.
    """
    from novu_planner.planning.pipeline import PlanOptions, make_plan

    if not (isinstance(time_limit, int | float) and 0 < time_limit < float("inf")):
        raise InputError(f"time_limit: expected a number of seconds above 0, got {time_limit!r}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"workers: expected a whole number from 1, got {workers!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**31:
        raise InputError(f"seed: expected a whole number from 0 to 2147483647, got {seed!r}")
    if years < 1:
        raise InputError(f"years: expected at least 1, got {years}")
    earlier = _previous(previous, network)
    options = PlanOptions(first, years, time_limit, seed, workers, earlier, solver_log, tuple(solver_params))
    return Plan.from_data(make_plan(network, options))


def _previous(previous: PlanData | str | os.PathLike[str] | None, network: Network) -> PreviousPlan | None:
    if previous is None:
        return None
    if isinstance(previous, PlanData):
        return previous_from(previous, network)
    return read_previous(Path(previous), network)


def read_plan(path: str | os.PathLike[str], network: Network | None = None) -> Plan:
    """The plan in a plan folder (or its plan.json), typed as `plan()` made it.

    The plan carries the network it was made from; give `network` to read it
    against another (a changed file). Raises `NetworkError` naming every
    problem of a damaged plan.json.
    """
    from novu_planner.plans.folder import recover_if_idle

    path = Path(path)
    if path.suffix != ".json":
        recover_if_idle(path)  # a run killed while replacing this folder: put the plan back first
    return Plan.from_data(read_plan_file(path, network))


def check(plan: PlanData, network: Network | None = None) -> list[Violation]:
    """Every rule the plan breaks and every cost that does not match, without a solver.

    Checked against `network` when given (the file as it is now), else
    against the network the plan was made from.
    """
    from novu_planner.checks.plan import check_plan

    return check_plan(plan, network)


def publish(
    plan: PlanData,
    url: str,
    user: str,
    password: str,
    dry_run: bool = False,
    *,
    progress: Progress | None = None,
    timeout: float = 30.0,
) -> PublishReport:
    """Put the network's calendar and each town's into their own collections on a CalDAV server.

    Collections are created when missing (ids `<network>` and
    `<network>-<town>`); unchanged events are not sent again, changed ones
    are replaced with the plan's SEQUENCE, and this network's events that the
    plan no longer has are sent cancelled, never deleted. With `dry_run`,
    nothing is sent. `progress(sent, total)` is called after each event sent.
    Raises `PublishError` (exit status 4) when the server refuses or cannot
    be reached; its `.report` says how many events were sent before that.
    Needs the `caldav` package (the `publish` extra).
    """
    from novu_planner.publishing.caldav import publish_plan

    return publish_plan(plan, url, user, password, dry_run, progress, timeout)


def write_site(
    plan: PlanData,
    out: str | os.PathLike[str],
    base_url: str | None = None,
    force: bool = False,
    csv_sep: str = ";",
) -> Path:
    """Write the plan's static website into the folder `out`, atomically.

    `index.html` (the report in the network's language) and the report in
    the other languages, `calendars.html`, a page per town in its language
    with subscribe links,
    the feeds at `feeds/<network>.ics` and `feeds/<network>-<town>.ics`, and
    the CSV and XLSX downloads. `base_url` is the address the site will be
    published at; without it the subscribe buttons that need an absolute
    URL are left out. An existing site is replaced only with `force`; a
    folder holding anything else is refused (`InputError`).
    """
    from novu_planner.publishing.site import write_site as _write_site

    return _write_site(plan, out, base_url, force, csv_sep)
