"""Every kind of mistake in a network file: exit 2, located, no traceback, nothing written."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from novu_planner.cli import cli

BASE = """\
format = 1

[network]
id = "chain"
name = "Chain"

[[cities]]
id = "alpha"
name = "Alpha"
country = "SE"
timezone = "Europe/Stockholm"

[[cities]]
id = "beta"
name = "Beta"
country = "NO"
timezone = "Europe/Oslo"

[[cities]]
id = "gamma"
name = "Gamma"
country = "FI"
timezone = "Europe/Helsinki"

[[series]]
id = "week"
name = "Week"
first_year = 2010
duration_days = 7
window = ["06-20", "07-10"]

[series.quota]
capacity = 60
max = 17

[[history]]
series = "week"
year = 2024
host = "alpha"

[[history]]
series = "week"
year = 2025
host = "beta"
"""

GUEST = """
[[cities]]
id = "gdansk"
name = "Gdańsk"
country = "PL"
timezone = "Europe/Warsaw"
guest = true
joined = 2023
"""


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """1-based line of the nth line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth]


# (name, how to break BASE, line needle (nth), expected fragments of the message)
CASES = [
    (
        "wish before the town joins",
        lambda t: (
            t.replace('"Europe/Helsinki"', '"Europe/Helsinki"\njoined = 2030')
            + '\n[[wishes]]\ncity = "gamma"\nyear = 2028\n'
        ),
        ("year = 2028", 0),
        [
            "wishes[0]: year: Gamma wishes to host 2028, but line ",
            'cities[2] "gamma": Gamma takes part only from 2030 (joined = 2030); '
            "expected a year in which Gamma can host: 2030 or later",
        ],
    ),
    (
        "wish after the town leaves",
        lambda t: (
            t.replace('"Europe/Helsinki"', '"Europe/Helsinki"\nleft = 2026')
            + '\n[[wishes]]\ncity = "gamma"\nseries = "week"\nyear = 2027\n'
        ),
        ("year = 2027", 0),
        [
            "wishes[0]: year: Gamma wishes to host Week 2027, but line ",
            "Gamma takes part only until 2026 (left = 2026); "
            "expected a year in which Gamma can host: 2026 or earlier",
        ],
    ),
    (
        "unknown key",
        lambda t: t.replace('timezone = "Europe/Oslo"', 'timezone = "Europe/Oslo"\ncontry = "NO"'),
        ("contry", 0),
        ['cities[1] "beta": contry', "did you mean 'country'?"],
    ),
    (
        "unknown table",
        lambda t: t + '\n[[blackuots]]\ncity = "alpha"\nyears = [2027]\n',
        ("[[blackuots]]", 0),
        ["blackuots", "did you mean 'blackouts'?"],
    ),
    (
        "id of the wrong type",
        lambda t: t.replace('id = "beta"', "id = []"),
        ("id = []", 0),
        ["cities[1]: id: expected a string, got a list"],
    ),
    (
        "missing field",
        lambda t: t.replace('country = "FI"\n', ""),
        ("[[cities]]", 2),
        ['cities[2] "gamma": country: is required'],
    ),
    (
        "wrong type",
        lambda t: t.replace("capacity = 60", 'capacity = "sixty"'),
        ("capacity", 0),
        ['series[0] "week": capacity', "whole number"],
    ),
    (
        "boolean for integer",
        lambda t: t.replace("max = 17", "max = true"),
        ("max = true", 0),
        ["max", "got a boolean"],
    ),
    (
        "unknown member",
        lambda t: t.replace("first_year = 2010", 'first_year = 2010\nmembers = ["alpha", "delta"]'),
        ("members", 0),
        ['series[0] "week": members', "'delta' is not a city"],
    ),
    (
        "order not the members",
        lambda t: t.replace("first_year = 2010", 'first_year = 2010\norder = ["alpha", "beta"]'),
        ("order", 0),
        ["order", "missing gamma"],
    ),
    (
        "history host unknown",
        lambda t: t.replace('host = "beta"', 'host = "betta"'),
        ('host = "betta"', 0),
        ["history[1]: host", "did you mean 'beta'?"],
    ),
    (
        "history host not a member",
        lambda t: t.replace("first_year = 2010", 'first_year = 2010\nmembers = ["alpha", "gamma"]'),
        ('host = "beta"', 0),
        ["history[1]: host", "not a member"],
    ),
    (
        "history host not yet joined",
        lambda t: t.replace('timezone = "Europe/Oslo"', 'timezone = "Europe/Oslo"\njoined = 2030'),
        ('host = "beta"', 0),
        ["history[1]: host", "does not take part in 2025"],
    ),
    (
        "history series unknown",
        lambda t: t.replace('series = "week"\nyear = 2025', 'series = "weak"\nyear = 2025'),
        ('series = "weak"', 0),
        ["history[1]: series", "did you mean 'week'?"],
    ),
    (
        "two rows for one edition",
        lambda t: t.replace("year = 2025", "year = 2024"),
        ("year = 2024", 1),
        ["history[1]: year", "already has history[0]"],
    ),
    (
        "row off the cadence",
        lambda t: t.replace("first_year = 2010", "first_year = 2010\nevery = 2"),
        ("year = 2025", 0),
        ["history[1]: year", "no edition in 2025"],
    ),
    (
        "row before the first edition",
        lambda t: t.replace("first_year = 2010", "first_year = 2025"),
        ("year = 2024", 0),
        ["history[0]: year", "before the first edition of 'week' (first_year"],
    ),
    (
        "every > 1 without first_year",
        lambda t: t.replace("first_year = 2010", "every = 2"),
        ("[[series]]", 0),
        ['series[0] "week": first_year', "required with every = 2"],
    ),
    (
        "no history and no first_year",
        lambda t: t[: t.index("[[history]]")].replace("first_year = 2010\n", ""),
        ("[[series]]", 0),
        ["first_year", "series without history"],
    ),
    (
        "window too short",
        lambda t: t.replace('["06-20", "07-10"]', '["06-20", "06-24"]'),
        ("window", 0),
        ["window", "holds 5 days, fewer than duration_days = 7"],
    ),
    (
        "window wraps the year",
        lambda t: t.replace('["06-20", "07-10"]', '["12-28", "01-10"]'),
        ("window", 0),
        ["window", "wraps past 31 December"],
    ),
    (
        "no such day",
        lambda t: t.replace('"07-10"]', '"07-32"]'),
        ("window", 0),
        ["window", "MM-DD", "month 07 has no day 32"],
    ),
    (
        "no such month",
        lambda t: t.replace('"07-10"]', '"13-01"]'),
        ("window", 0),
        ["window", "there is no month 13"],
    ),
    (
        "bad month-day",
        lambda t: t.replace('"07-10"]', '"July 10"]'),
        ("window", 0),
        ["window", "MM-DD", "06-27"],
    ),
    (
        "quota min too high",
        lambda t: t.replace("max = 17", "max = 17\nmin = 25"),
        ("min = 25", 0),
        ["min", "25 x 3 delegations = 75", "capacity 60"],
    ),
    (
        "quota min above max",
        lambda t: t.replace("max = 17", "max = 17\nmin = 18"),
        ("min = 18", 0),
        ["quota min 18 is more than max 17"],
    ),
    (
        "guest without joined",
        lambda t: t + GUEST.replace("joined = 2023\n", ""),
        ("[[cities]]", 3),
        ['cities[3] "gdansk": joined', "required for a guest"],
    ),
    (
        "guest as member",
        lambda t: (t + GUEST).replace(
            "first_year = 2010", 'first_year = 2010\nmembers = ["alpha", "beta", "gamma", "gdansk"]'
        ),
        ("members", 0),
        ["members", "'gdansk' is a guest; a guest cannot be a member"],
    ),
    (
        "guest as host",
        lambda t: (t + GUEST).replace('host = "beta"', 'host = "gdansk"'),
        ('host = "gdansk"', 0),
        ["history[1]: host", "a guest cannot be a host"],
    ),
    (
        "guest in a blackout",
        lambda t: t + GUEST + '\n[[blackouts]]\ncity = "gdansk"\nyears = [2027]\n',
        ('city = "gdansk"', 0),
        ["blackouts[0]: city", "a guest cannot be in a blackout"],
    ),
    (
        "guest in a wish",
        lambda t: t + GUEST + '\n[[wishes]]\ncity = "gdansk"\nyear = 2027\n',
        ('city = "gdansk"', 0),
        ["wishes[0]: city", "a guest cannot be in a wish"],
    ),
    (
        "guest's series unknown",
        lambda t: t + GUEST + 'series = ["camp"]\n',
        ('series = ["camp"]', 0),
        ['cities[3] "gdansk": series', "'camp' is not a series"],
    ),
    (
        "series only for guests",
        lambda t: t.replace(
            'timezone = "Europe/Helsinki"', 'timezone = "Europe/Helsinki"\nseries = ["week"]'
        ),
        ('series = ["week"]', 0),
        ['cities[2] "gamma": series', "only for guests"],
    ),
    (
        "blackout city unknown",
        lambda t: t + '\n[[blackouts]]\ncity = "omega"\nyears = [2027]\n',
        ('city = "omega"', 0),
        ["blackouts[0]: city", "'omega' is not a city"],
    ),
    (
        "wish series unknown",
        lambda t: t + '\n[[wishes]]\ncity = "alpha"\nyear = 2027\nseries = "camp"\n',
        ('series = "camp"', 0),
        ["wishes[0]: series", "'camp' is not a series"],
    ),
    (
        "distinct_from unknown",
        lambda t: t.replace("duration_days = 7", 'duration_days = 7\ndistinct_from = ["meeting"]'),
        ("distinct_from", 0),
        ["distinct_from", "'meeting' is not a series"],
    ),
    (
        "unknown country",
        lambda t: t.replace('country = "FI"', 'country = "XX"'),
        ('country = "XX"', 0),
        ['cities[2] "gamma": country', "holidays package"],
    ),
    (
        "unknown subdivision",
        lambda t: t.replace('country = "NO"', 'country = "NO"\nsubdivision = "NO-99"'),
        ("subdivision", 0),
        ['cities[1] "beta": subdivision', "ISO 3166-2 subdivision code of NO, got 'NO-99'"],
    ),
    (
        # holidays lists no Swedish regions, so only the ISO 3166-2 list can refuse this
        "subdivision unknown to ISO 3166-2",
        lambda t: t.replace('country = "SE"', 'country = "SE"\nsubdivision = "SE-ZZ"'),
        ("subdivision", 0),
        ['cities[0] "alpha": subdivision', "code of SE, got 'SE-ZZ'; did you mean 'SE-Z'?"],
    ),
    (
        "subdivision of another country",
        lambda t: t.replace('country = "SE"', 'country = "SE"\nsubdivision = "NO-55"'),
        ("subdivision", 0),
        ['cities[0] "alpha": subdivision', "code of SE, got 'NO-55', a subdivision of NO"],
    ),
    (
        "unknown time zone",
        lambda t: t.replace("Europe/Helsinki", "Europe/Lahti"),
        ("Europe/Lahti", 0),
        ['cities[2] "gamma": timezone', "IANA time zone"],
    ),
    (
        "misspelt time zone",
        lambda t: (
            t.replace("Europe/Oslo", "Europe/Olso") + '[[series]]\nid = "x"\nname = "X"\n'
            'duration_days = 2\nfirst_year = 2027\norder = ["alpha", "beta", "gamma"]\n'
        ),
        ("Europe/Olso", 0),
        ["1 problem found", 'cities[1] "beta": timezone', "did you mean 'Europe/Oslo'?"],
    ),
    (
        "id not a slug",
        lambda t: t.replace('id = "gamma"', 'id = "Gamma Town"'),
        ('id = "Gamma Town"', 0),
        ["id", "lower-case letters"],
    ),
    (
        "id Windows reserves",
        lambda t: t.replace('"gamma"', '"lpt1"'),
        ('id = "lpt1"', 0),
        ['cities[2] "lpt1": id', "Windows reserves"],
    ),
    (
        "control character in a name",
        lambda t: t.replace('name = "Beta"', 'name = "Be\\u0007ta"'),
        ('name = "Be', 0),
        ['cities[1] "beta": name', "control characters"],
    ),
    (
        "year out of range",
        lambda t: t.replace("year = 2025", "year = 2250"),
        ("year = 2250", 0),
        ["history[1]: year", "1900 to 2200"],
    ),
    ("format missing", lambda t: t.replace("format = 1\n", "# no format\n"), None, ["format: is required"]),
    (
        "format not 1",
        lambda t: t.replace("format = 1", "format = 2"),
        ("format = 2", 0),
        ["format", "expected 1"],
    ),
    (
        "end_time without start_time",
        lambda t: t.replace("duration_days = 7", 'duration_days = 7\nend_time = "16:00"'),
        ("end_time", 0),
        ["end_time", "only allowed with start_time"],
    ),
    (
        "end_time before start_time",
        lambda t: t.replace(
            "duration_days = 7", 'duration_days = 7\nstart_time = "16:00"\nend_time = "09:00"'
        ),
        ("end_time", 0),
        ["end_time", "later than start_time"],
    ),
    (
        "history end before start",
        lambda t: t.replace('host = "beta"', 'host = "beta"\nstart = 2025-06-28\nend = 2025-06-20'),
        ("end = 2025-06-20", 0),
        ["history[1]: end", "before start"],
    ),
    (
        "date as a string",
        lambda t: t.replace('host = "beta"', 'host = "beta"\nstart = "2025-06-28"'),
        ("start =", 0),
        ["history[1]: start", "TOML date"],
    ),
    (
        "TOML syntax error",
        lambda t: t.replace('name = "Beta"', 'name = "Beta'),
        ('name = "Beta', 0),
        ["TOML syntax error"],
    ),
]


@pytest.fixture
def validate(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def run(text: str | bytes):
        path = tmp_path / "network.toml"
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        before = sorted(os.listdir(tmp_path))
        result = CliRunner().invoke(cli, ["validate", "network.toml"])
        assert result.exit_code == 2, result.output
        assert (
            "Traceback" not in result.output
            and result.exception is None
            or isinstance(result.exception, SystemExit)
        )
        assert sorted(os.listdir(tmp_path)) == before, "validation writes nothing"
        return result.output

    return run


def test_the_base_network_is_valid(tmp_path):
    path = tmp_path / "network.toml"
    path.write_text(BASE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("country", "subdivision", "zone"),
    [
        ("NO", "NO-55", "Europe/Oslo"),  # Troms, one of Norway's 2024 counties
        ("DE", "DE-SH", "Europe/Berlin"),
        ("FI", "FI-18", "Europe/Helsinki"),
        ("DK", "DK-82", "Europe/Copenhagen"),
    ],
)
def test_iso_subdivisions_are_accepted(tmp_path, country, subdivision, zone):
    path = tmp_path / "network.toml"
    city = f'country = "{country}"\nsubdivision = "{subdivision}"\ntimezone = "{zone}"'
    text = BASE.replace('country = "FI"\ntimezone = "Europe/Helsinki"', city)
    assert subdivision in text
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("name", "mutate", "where", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_mistake_is_located_and_explained(validate, name, mutate, where, fragments):
    text = mutate(BASE)
    output = validate(text)
    for fragment in fragments:
        assert fragment in output, f"{fragment!r} not in:\n{output}"
    if where is not None:
        line = line_of(text, *where)
        assert f"network.toml:{line}:" in output, f"line {line} not in:\n{output}"


def test_every_problem_is_reported_in_one_run(validate):
    text = (
        BASE.replace('country = "FI"', 'country = "XX"')
        .replace("Europe/Oslo", "Europe/Nowhere")
        .replace("capacity = 60", "capacity = -1")
        .replace('host = "beta"', 'host = "zeta"')
    )
    output = validate(text)
    assert "4 problems found" in output
    for fragment in ("country", "timezone", "capacity", "history[1]: host"):
        assert fragment in output


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("empty file", b"", "format: is required"),
        ("binary garbage", bytes(range(256)) * 4, "network.toml"),
        ("not UTF-8", "name = 'Västerås'".encode("latin-1"), "not UTF-8"),
        ("NUL byte", b"format = 1\x00\n", "network.toml"),
        (
            "huge integer",
            BASE.replace("capacity = 60", "capacity = 1000000000000000000000000000000").encode(),
            "capacity",
        ),
        ("deep nesting", ("x = " + "[" * 5000 + "]" * 5000).encode(), "network.toml"),
        (
            "a table where a list belongs",
            BASE.replace("[[history]]", "[history]", 1).encode(),
            "network.toml",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else "",
)
def test_malformed_bytes_never_crash(validate, name, data, fragment):
    assert fragment in validate(data)


def test_missing_file_and_folder(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(cli, ["validate", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    folder = runner.invoke(cli, ["validate", str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder" in folder.output


def test_a_city_with_a_mistake_is_still_offered_to_the_other_entries(validate):
    """Its own problem is reported, and a misspelt reference to it still gets the hint."""
    text = BASE.replace('timezone = "Europe/Helsinki"\n', "").replace('host = "beta"', 'host = "gama"')
    output = validate(text)
    assert "2 problems found" in output
    assert 'cities[2] "gamma": timezone: is required' in output
    assert (
        "history[1]: host: 'gama' is not a city of this network; "
        "expected one of alpha, beta, gamma (did you mean 'gamma'?)"
    ) in output


def test_a_series_with_a_mistake_is_still_offered_to_the_other_entries(validate):
    text = BASE.replace("duration_days = 7\n", "").replace(
        'series = "week"\nyear = 2025', 'series = "weak"\nyear = 2025'
    )
    output = validate(text)
    assert (
        "series: 'weak' is not a series of this network; expected one of week (did you mean 'week'?)"
        in output
    )
