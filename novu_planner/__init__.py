"""novu-planner: plans rotating twin-town networks."""

__version__ = "0.1.0"
