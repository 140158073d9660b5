"""novu-planner: plans rotating twin-town networks.

The public API (see docs/python-api.md):

    import novu_planner as n

    plan = n.plan(n.load_network("my-network.toml"), first=2027)
    plan.write("my-plan")

The names are loaded on first use, so that `import novu_planner` (and the
command line's `--help` and `validate`) stay quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS = {
    "Plan": "novu_planner.api",
    "check": "novu_planner.api",
    "default_previous": "novu_planner.api",
    "load_network": "novu_planner.api",
    "plan": "novu_planner.api",
    "read_plan": "novu_planner.api",
    "publish": "novu_planner.api",
    "write_site": "novu_planner.api",
    "Violation": "novu_planner.rules.base",
    "InfeasibleError": "novu_planner.errors",
    "InputError": "novu_planner.errors",
    "NetworkError": "novu_planner.errors",
    "NovuError": "novu_planner.errors",
    "Problem": "novu_planner.errors",
    "PublishError": "novu_planner.errors",
    "TimeLimitError": "novu_planner.errors",
    "Network": "novu_planner.network.model",
    "Delegation": "novu_planner.plans.model",
    "Edition": "novu_planner.plans.model",
    "Role": "novu_planner.plans.model",
    "Status": "novu_planner.plans.model",
    "WishOutcome": "novu_planner.plans.model",
}

__all__ = [
    "Delegation",
    "Edition",
    "InfeasibleError",
    "InputError",
    "Network",
    "NetworkError",
    "NovuError",
    "Plan",
    "Problem",
    "PublishError",
    "Role",
    "Status",
    "TimeLimitError",
    "Violation",
    "WishOutcome",
    "__version__",
    "check",
    "default_previous",
    "load_network",
    "plan",
    "publish",
    "read_plan",
    "write_site",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'novu_planner' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from novu_planner.api import (
        Plan,
        check,
        default_previous,
        load_network,
        plan,
        publish,
        read_plan,
        write_site,
    )
    from novu_planner.errors import (
        InfeasibleError,
        InputError,
        NetworkError,
        NovuError,
        Problem,
        PublishError,
        TimeLimitError,
    )
    from novu_planner.network.model import Network
    from novu_planner.plans.model import Delegation, Edition, Role, Status, WishOutcome
    from novu_planner.rules.base import Violation
