"""Values the loader and the clock must refuse: reserved ids, non-XML text, pseudo-zones, bad epochs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, EPOCH, line_of

from novu_planner.cli import cli

# 9. Every name Windows reserves, since ids name calendars/<id>.ics


@pytest.mark.parametrize("reserved", ["con", "prn", "aux", "nul", "com0", "com9", "lpt0", "lpt9"])
def test_windows_reserved_ids_are_refused(validate, reserved):
    result = validate(
        BUNDLED.replace('id = "lahti"', f'id = "{reserved}"', 1).replace('"lahti"', f'"{reserved}"')
    )
    assert result.exit_code == 2 and "Windows reserves" in result.output, result.output


# 10. Characters XML cannot hold


@pytest.mark.parametrize("char", ["\uffff", "\ufffe"])
def test_a_name_xml_cannot_hold_is_refused_where_it_is(validate, char):
    text = BUNDLED.replace('name = "Lahti"', f'name = "Lah{char}ti"', 1)
    result = validate(text)
    assert result.exit_code == 2, result.output
    line = line_of(text, 'name = "Lah')
    assert f":{line}: " in result.output and f"U+{ord(char):04X}" in result.output


def test_the_name_checker_refuses_surrogates_and_c0():
    from novu_planner.network import fields

    for bad in ["a\ud800b", "a\x01b", "a\x7fb"]:
        with pytest.raises(fields.Bad):
            fields.name(bad)
    assert fields.name("Þórshöfn\nÅre") == "Þórshöfn\nÅre"


# 11. Only real zones that tzdata ships


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posixrules"])
def test_pseudo_zones_are_refused(validate, zone):
    result = validate(BUNDLED.replace('timezone = "Europe/Oslo"', f'timezone = "{zone}"', 1))
    assert result.exit_code == 2 and "IANA time zone" in result.output, result.output


# 12. SOURCE_DATE_EPOCH out of range


@pytest.mark.parametrize(
    "epoch", ["-1", "4354819200", "253402300800", "1e9", "soon", "99999999999999999999999"]
)
def test_an_out_of_range_source_date_epoch_is_refused(monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 2, result.output
    assert "SOURCE_DATE_EPOCH" in result.output and "1980" in result.output and "2107" in result.output


@pytest.mark.parametrize("epoch", ["315532800", "4354819199", EPOCH])
def test_source_date_epoch_at_the_ends_of_the_range_is_accepted(monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert CliRunner().invoke(cli, ["validate"]).exit_code == 0
