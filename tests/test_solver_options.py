"""One solver configuration for the whole run: --solver-param, --solver-log, the time budget."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from novu_planner.cli import cli
from novu_planner.errors import InputError
from novu_planner.solver.config import Budget, SolverConfig, check_params, new_solver


def test_an_unknown_or_mistyped_parameter_is_refused_before_solving(tmp_path):
    args = ["plan", "--out", str(tmp_path / "out"), "--years", "2"]
    result = CliRunner().invoke(
        cli, [*args, "--solver-param", "no_such_thing=3", "--solver-param", "num_workers=x"]
    )
    assert result.exit_code == 2, result.output
    assert "no_such_thing" in result.output and "num_workers" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("param", ["missing-equals", "=3"])
def test_a_parameter_must_be_name_equals_value(param):
    with pytest.raises(InputError, match="NAME=VALUE"):
        check_params([param])


def test_parameters_reach_the_solver_and_override_a_model_default():
    config = SolverConfig(
        time_limit=5, seed=7, workers=1, params=("linearization_level=0", "max_presolve_iterations=2")
    )
    solver = new_solver(config, Budget(5), linearization_level=2)
    assert solver.parameters.linearization_level == 0
    assert solver.parameters.max_presolve_iterations == 2
    assert solver.parameters.random_seed == 7
    assert not solver.parameters.catch_sigint_signal


def test_the_solver_log_goes_to_stderr(tmp_path):
    result = CliRunner().invoke(cli, ["plan", "--out", str(tmp_path / "out"), "--years", "2", "--solver-log"])
    assert result.exit_code == 0, result.output
    assert "CP-SAT solver" in result.stderr or "Starting CP-SAT" in result.stderr
    assert "CP-SAT" not in result.stdout


@pytest.mark.parametrize("param", ["num_search_workers=8", "max_time_in_seconds=-1", "num_workers=-3"])
def test_a_value_cp_sat_refuses_is_exit_2_before_solving(tmp_path, param):
    result = CliRunner().invoke(cli, ["plan", "--out", str(tmp_path / "out"), "--solver-param", param])
    assert result.exit_code == 2, result.output
    assert "CP-SAT refuses the parameters" in result.output
    assert not (tmp_path / "out").exists()


def test_the_run_budget_holds_whatever_a_parameter_says():
    config = SolverConfig(time_limit=5, params=("max_time_in_seconds=1000", "max_deterministic_time=1000"))
    solver = new_solver(config, Budget(5))
    assert solver.parameters.max_time_in_seconds <= 5 and solver.parameters.max_deterministic_time <= 5


@pytest.mark.parametrize("limit", [float("nan"), -5, 0, float("inf")])
def test_a_time_limit_that_is_no_number_of_seconds_is_refused(limit):
    import novu_planner as n

    with pytest.raises(n.InputError, match="time_limit"):
        n.plan(n.load_network(), time_limit=limit)
