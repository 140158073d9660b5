"""The calendars a plan publishes, under names that never change from plan to plan.

One for the whole network (`<network>`) and one per town (`<network>-<town>`):
the CalDAV collections and the website's `feeds/<name>.ics` use the same
names, so a subscription made once keeps working after every re-plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from novu_planner.exporters.ics import calendar_files
from novu_planner.plans.model import PlanData


@dataclass(frozen=True)
class Feed:
    id: str  # <network> or <network>-<city>: the collection's id and the feed's file name
    name: str  # the display name, as the feed's X-WR-CALNAME
    city: str | None  # the town's id; None for the whole network
    data: bytes  # the iCalendar feed

    @property
    def path(self) -> str:
        """The feed's path on the website."""
        return f"feeds/{self.id}.ics"


def feeds(plan: PlanData) -> list[Feed]:
    network = plan.network
    files = calendar_files(plan)
    out = [Feed(network.id, network.name, None, files["calendar.ics"])]
    for city in network.cities:
        out.append(
            Feed(
                f"{network.id}-{city.id}",
                f"{network.name} – {city.name}",
                city.id,
                files[f"calendars/{city.id}.ics"],
            )
        )
    return out
