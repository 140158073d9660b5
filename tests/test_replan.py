"""Re-planning against a published plan after the network changed (issue #9).

The rule: published editions before the first year in which the hosting
members differ from the network the plan was made from (never before the
first two planned years) stay firm; from that year on the rota among the
members taking part is planned again, continued from the firm editions.
Every plan here also goes through the solver-free validator.
"""

from __future__ import annotations

from conftest import BUNDLED
from rotation_helpers import costs
from schedule_helpers import OPTIONS, network_text, table, town

from novu_planner.checks.plan import check_plan
from novu_planner.network.loader import parse_network
from novu_planner.planning.pipeline import PlanOptions, make_plan
from novu_planner.planning.previous import previous_from
from novu_planner.plans.model import PlanData, Status

SERIES = ("youth-week", "contact-meeting")


def make(text: str, first: int = 2027, years: int = 10, previous: PlanData | None = None) -> PlanData:
    network = parse_network(text.encode("utf-8"), "net.toml")
    prev = previous_from(previous, network) if previous is not None else None
    plan = make_plan(network, PlanOptions(first=first, years=years, previous=prev, **OPTIONS))
    assert check_plan(plan) == []
    return plan


def hosts(plan: PlanData, series: str) -> dict[int, str | None]:
    return {e.year: e.host for e in plan.editions if e.series == series and plan.in_plan(e)}


def notes(plan: PlanData) -> dict[tuple[str, int], str]:
    return {e.key: e.note for e in plan.editions if plan.in_plan(e)}


def assert_fair_from(plan: PlanData, year: int, members: int) -> None:
    """No town twice in any run of `members` editions of a series, nor more than two years in a row."""
    for series in SERIES:
        run = [h for y, h in sorted(hosts(plan, series).items()) if y >= year]
        for i in range(len(run) - members + 1):
            window = run[i : i + members]
            assert len(set(window)) == members, (series, year + i, window)
    duties: dict[int, set[str | None]] = {}
    for series in SERIES:
        for y, h in hosts(plan, series).items():
            duties.setdefault(y, set()).add(h)
    for y in range(year, plan.last - 1):
        three = duties[y] & duties[y + 1] & duties[y + 2]
        assert not three, f"{three} hosts in {y}, {y + 1} and {y + 2}"


# Scenario 1: Randers leaves after 2030, after the plan of the five towns was published.
LEFT = BUNDLED.replace('language = "da"\n', 'language = "da"\nleft = 2030\n')


def test_a_member_leaving_after_publication_keeps_the_near_years_and_makes_the_rest_fair():
    assert LEFT != BUNDLED
    published = make(BUNDLED)
    plan = make(LEFT, previous=published)
    for series in SERIES:
        old, new = hosts(published, series), hosts(plan, series)
        assert {y: old[y] for y in range(2027, 2031)} == {y: new[y] for y in range(2027, 2031)}
    assert [hosts(plan, "youth-week")[y] for y in range(2031, 2037)] == [
        "alesund", "lahti", "akureyri", "vasteras", "alesund", "lahti",
    ]  # fmt: skip
    assert [hosts(plan, "contact-meeting")[y] for y in range(2031, 2037)] == [
        "lahti", "akureyri", "vasteras", "alesund", "lahti", "akureyri",
    ]  # fmt: skip
    assert_fair_from(plan, 2031, 4)
    # The same plan as from scratch: the published plan costs nothing to leave.
    assert hosts(plan, "youth-week") == hosts(make(LEFT), "youth-week")
    # The runs of five and four editions across 2030-31 that Randers' leaving breaks.
    assert plan.costs == costs(fairness=3)
    why = notes(plan)
    assert why[("contact-meeting", 2033)] == (
        "Västerås hosts instead of Randers, who was published: Randers took part only until 2030"
    )
    assert why[("youth-week", 2035)] == (
        "Ålesund hosts instead of Västerås, who was published: Randers takes part only until 2030, "
        "so the published editions from 2031 are planned again in the rota among the members taking part"
    )
    for e in plan.editions:
        if plan.in_plan(e) and e.host != (published_host := hosts(published, e.series).get(e.year)):
            assert e.note and "follows the other changes" not in e.note, (e.key, published_host)
        if plan.in_plan(e) and e.base_host and e.host != e.base_host:
            assert e.note, e.key
    assert any(
        "from 2031 the rota among the members taking part is planned again" in w for w in plan.warnings
    )


def test_planning_the_changed_network_again_keeps_every_host():
    # Once the re-plan is published, nothing has changed: every edition is firm.
    replanned = make(LEFT, previous=make(BUNDLED))
    again = make(LEFT, previous=replanned)
    assert {s: hosts(again, s) for s in SERIES} == {s: hosts(replanned, s) for s in SERIES}
    assert again.costs == costs(fairness=3)
    assert not any(w.startswith("previous plan:") for w in again.warnings)


def test_a_one_year_blackout_still_swaps_with_the_next_host_in_a_replan():
    # Today's blackout behaviour holds in the re-opened years as well.
    text = (
        LEFT
        + '\n[[blackouts]]\ncity = "lahti"\nyears = [2032]\nseries = "youth-week"\nreason = "new arena"\n'
    )
    plan = make(text, previous=make(BUNDLED))
    youth = hosts(plan, "youth-week")
    assert [youth[y] for y in range(2031, 2035)] == ["alesund", "akureyri", "lahti", "vasteras"]
    assert notes(plan)[("youth-week", 2032)].startswith(
        "Lahti and Akureyri swap 2032–33: Lahti cannot host in 2032, new arena"
    )


# A member who joins: four towns, and Kiruna joins in 2031 after a plan of the four was published.
FOUR = [
    town("umea", "SE"),
    town("tromso", "NO"),
    town("oulu", "FI"),
    town("aalborg", "DK"),
]
CAMP = table(
    "[[series]]",
    id="camp",
    name="Youth camp",
    first_year=2020,
    duration_days=5,
    window=["07-01", "07-31"],
    order=["umea", "tromso", "oulu", "aalborg", "kiruna"],
) + table("[[history]]", series="camp", year=2026, host="umea")


def test_a_member_joining_enters_the_rota_at_its_place_and_the_plan_says_so():
    before = network_text(*FOUR, CAMP.replace(', "kiruna"', ""))
    after = network_text(*FOUR, town("kiruna", "SE", joined=2031), CAMP)
    published = make(before)
    assert [hosts(published, "camp")[y] for y in range(2027, 2037)] == [
        "tromso", "oulu", "aalborg", "umea", "tromso", "oulu", "aalborg", "umea", "tromso", "oulu",
    ]  # fmt: skip
    plan = make(after, previous=published)
    camp = hosts(plan, "camp")
    # Firm up to 2030; from 2031 the five-town rota goes on from Umeå 2030.
    assert [camp[y] for y in range(2027, 2037)] == [
        "tromso", "oulu", "aalborg", "umea", "tromso", "oulu", "aalborg", "kiruna", "umea", "tromso",
    ]  # fmt: skip
    # The runs of five ending 2031-33 hold a town twice, as any rota must while Kiruna comes in.
    assert plan.costs == costs(fairness=3)
    why = notes(plan)
    assert why[("camp", 2034)] == (
        "Kiruna hosts instead of Umea, who was published: "
        "Kiruna takes part from 2031 and hosts the Youth camp, "
        "so the published editions from 2031 are planned again in the rota among the members taking part; "
        "Kiruna's first turn: it takes part from 2031 and comes after Aalborg in the order"
    )
    assert why[("camp", 2035)].startswith(
        "Umea hosts instead of Tromso, who was published: Kiruna takes part"
    )
    for year in range(2031, 2037):
        run = [camp[y] for y in range(year, min(year + 5, 2037))]
        assert len(set(run)) == len(run)


# Scenario 3: a six-year plan made into a folder that holds a ten-year plan.
def test_a_shorter_replan_withdraws_the_published_editions_after_it():
    published = make(BUNDLED)
    shorter = make(BUNDLED, years=6, previous=published)
    later = [e for e in shorter.editions if e.year > 2032 and e.series in SERIES]
    assert {e.year for e in later} == {2033, 2034, 2035, 2036}
    for e in later:
        assert e.status == Status.CANCELLED and e.carried
        assert e.note == "withdrawn: planned earlier, but this plan covers only 2027–2032"
        assert e.start is not None  # so it stays in the calendars, cancelled
        assert e.sequence == next(p for p in published.editions if p.key == e.key).sequence + 1
    assert any(
        w.startswith("previous plan: withdrawn, as this plan ends in 2032: youth-week 2033")
        for w in shorter.warnings
    )
    # Inside its years the plan is the published one, with nothing to explain.
    assert {s: hosts(shorter, s) for s in SERIES} == {
        s: {y: h for y, h in hosts(published, s).items() if y <= 2032} for s in SERIES
    }
    assert shorter.costs == costs()
