"""The plan.xlsx writer as it was, through pandas and openpyxl: the reference the direct writer
(novu_planner/exporters/xlsx.py) must match byte for byte (tests/test_xlsx_writer.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.etree.ElementTree import canonicalize

import pandas as pd

from novu_planner.exporters.tables import quotas_frame, rotation_frame
from novu_planner.plans.model import PlanData

# xsi:type="dcterms:W3CDTF" names a prefix in its value: canonical form keeps its declaration.
QNAME_ATTRS = {"{http://www.w3.org/2001/XMLSchema-instance}type"}
STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def reference_xlsx_bytes(plan: PlanData) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in (("rotation", rotation_frame(plan)), ("quotas", quotas_frame(plan))):
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"  # text, never a formula
            for column in sheet.columns:
                if column[0].value in DATE_COLUMNS:
                    for cell in column[1:]:
                        cell.number_format = "yyyy-mm-dd"  # the same in every locale
                width = max(len(str(c.value or "")) for c in column)
                sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
            # The header stays in view while scrolling, and every column can be filtered.
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
    return _stable(buffer.getvalue(), plan.created or dt.datetime(1980, 1, 1, tzinfo=dt.UTC))


DATE_COLUMNS = ("start", "end")


def _stable(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite the zip: canonical XML, fixed entry dates, the plan's time in docProps/core.xml."""
    when = max(when.astimezone(dt.UTC), dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                content = canonicalize(content, qname_aware_attrs=QNAME_ATTRS).encode()
            if info.filename == "docProps/core.xml":
                content = STAMP.sub(rb"\g<1>" + iso + rb"\g<3>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
