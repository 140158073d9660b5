"""A previously published plan: what a new plan must disturb least.

Its planned hosts replace the base hosts for the years it covered, its
editions outside the new years are carried over unchanged, and its
calendar SEQUENCE numbers are what the new calendars must exceed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
from .model import Network
from .plan import EditionPlan
from .plan_json import GENERATOR, editions_from_json

DECIDED = ("planned", "fixed")


@dataclass
class PreviousPlan:
    path: Path
    network_id: str
    editions: list[EditionPlan]

    @property
    def hosts(self) -> dict[tuple[str, int], str]:
        return {e.key: e.host for e in self.editions if e.status in DECIDED and e.host and not e.carried}

    def edition(self, key: tuple[str, int]) -> EditionPlan | None:
        return next((e for e in self.editions if e.key == key), None)

    def carry_over(self, editions: list[EditionPlan], first: int, last: int) -> list[EditionPlan]:
        """Keep the previous plan's editions outside the new years, unchanged.

        An edition called off since it was published keeps its published
        days, so its event stays in the calendars, marked cancelled, instead
        of vanishing from them.
        """
        out = []
        for e in editions:
            old = self.edition(e.key)
            if old is not None and old.status in DECIDED:
                if e.status == "cancelled" and e.start is None:
                    e.start, e.end = old.start, old.end
                elif e.status == "assumed":
                    # Planned before and now in the past (a later --from): what was published stands.
                    e = replace(old, carried=True)
            out.append(e)
        known = {e.key for e in editions}
        for old in self.editions:
            if old.key in known or old.status not in DECIDED:
                continue
            if first <= old.year <= last:
                # Published, and no longer taking place: it stays, cancelled.
                note = "published earlier; no longer takes place"
                out.append(replace(old, status="cancelled", note=note, carried=False))
            elif old.status == "planned":
                out.append(replace(old, carried=True))
        return out


def find_plan_json(path: Path) -> Path:
    return path / "plan.json" if path.is_dir() else path


def read_previous(path: str | Path, network: Network) -> PreviousPlan:
    source = find_plan_json(Path(path))
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{source}: no such file; expected the plan.json of an earlier plan") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise InputError(f"{source}: not a readable plan.json ({error})") from None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR:
        raise InputError(f"{source}: not a plan.json written by novu-planner")
    network_id = (data.get("network") or {}).get("id")
    if network_id != network.id:
        raise InputError(
            f"{source}: a plan of network {network_id!r}, not of {network.id!r}; "
            "expected an earlier plan of the same network"
        )
    try:
        editions = editions_from_json(data)
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"{source}: editions: unreadable entry ({error})") from None
    return PreviousPlan(source, network_id, editions)
