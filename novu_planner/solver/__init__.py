"""CP-SAT models. Only this package imports OR-Tools."""
