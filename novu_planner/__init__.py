"""novu-planner: plans rotating twin-town networks.

The public API (see docs/python-api.md):

    import novu_planner as n

    plan = n.plan(n.load_network("my-network.toml"), first=2027)
    plan.write("my-plan")
"""

__version__ = "0.1.0"

from novu_planner.api import Plan, check, default_previous, load_network, plan, publish, read_plan, write_site
from novu_planner.checks.rotation import Violation
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
from novu_planner.plan.model import Delegation, Edition, Role, Status, WishOutcome

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
