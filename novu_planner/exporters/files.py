"""Every file of the plan folder, as bytes, from one plan."""

from __future__ import annotations

from novu_planner.exporters.ics import calendar_files
from novu_planner.exporters.report import render_report
from novu_planner.exporters.tables import csv_bytes, quotas_frame, rotation_frame
from novu_planner.exporters.xlsx import xlsx_bytes
from novu_planner.plans import plan_json
from novu_planner.plans.model import PlanData


def plan_files(plan: PlanData, csv_sep: str = ";") -> dict[str, bytes]:
    return {
        "plan.json": plan_json.dumps(plan).encode("utf-8"),
        "rotation.csv": csv_bytes(rotation_frame(plan), csv_sep),
        "quotas.csv": csv_bytes(quotas_frame(plan), csv_sep),
        "plan.xlsx": xlsx_bytes(plan),
        "report.html": render_report(plan).encode("utf-8"),
        **calendar_files(plan),
    }
