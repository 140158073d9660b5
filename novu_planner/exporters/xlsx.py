"""plan.xlsx: the rotation and quota tables as two sheets.

The workbook is written directly: a handful of XML parts in a zip, the same
bytes pandas and openpyxl wrote before (tests/xlsx_reference.py keeps that
writer, and tests/test_xlsx_writer.py holds the two equal), at a fraction
of the cost: importing openpyxl alone took longer than planning the bundled
network. The parts openpyxl wrote that do not depend on the plan are kept
as it wrote them, its theme and its application name in docProps/app.xml
included, so the published files do not change.

Every text is stored as a plain inline string, never as a formula (a city
name beginning with "=") nor as an error value ("#N/A"); dates are serial
day numbers shown as yyyy-mm-dd in every locale. The workbook's own
timestamps and the zip entries' dates come from the plan's creation time
(SOURCE_DATE_EPOCH when set), so the same plan gives the same bytes. Every
XML part is written in W3C canonical form (C14N 2.0), as the files were
canonicalised before.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from novu_planner.exporters.tables import quotas_frame, rotation_frame
from novu_planner.plans.model import PlanData

DATE_COLUMNS = ("start", "end")
MAX_TEXT = 32767  # Excel's limit on a cell's characters; longer text is cut there
EXCEL_EPOCH = dt.date(1899, 12, 30)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument"

APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel Compatible / Openpyxl 3.1.5</Application>"
    "<AppVersion>3.1</AppVersion></Properties>"
)
W3CDTF = (
    '<dcterms:{0} xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="dcterms:W3CDTF">'
    "{1}</dcterms:{0}>"
)
CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
    '<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">openpyxl</dc:creator>'
    "{created}{modified}</cp:coreProperties>"
)
ROOT_RELS = (
    f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Target="xl/workbook.xml" Type="{DOC_RELS}/officeDocument"></Relationship>'
    '<Relationship Id="rId2" Target="docProps/core.xml" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties">'
    "</Relationship>"
    f'<Relationship Id="rId3" Target="docProps/app.xml" Type="{DOC_RELS}/extended-properties">'
    "</Relationship></Relationships>"
)
SHEET_HEAD = (
    f'<worksheet xmlns="{MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"></outlinePr>'
    '<pageSetUpPr></pageSetUpPr></sheetPr><dimension ref="{ref}"></dimension>'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane activePane="bottomLeft" state="frozen" topLeftCell="A2" ySplit="1"></pane>'
    '<selection activeCell="A1" pane="bottomLeft" sqref="A1"></selection></sheetView></sheetViews>'
    '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"></sheetFormatPr>'
)
SHEET_TAIL = (
    '<autoFilter ref="{ref}"></autoFilter>'
    '<pageMargins bottom="1" footer="0.5" header="0.5" left="0.75" right="0.75" top="1"></pageMargins>'
    "</worksheet>"
)
STYLES = (
    f'<styleSheet xmlns="{MAIN}">{{formats}}'
    '<fonts count="1"><font><name val="Calibri"></name><family val="2"></family><color theme="1"></color>'
    '<sz val="11"></sz><scheme val="minor"></scheme></font></fonts>'
    '<fills count="2"><fill><patternFill></patternFill></fill>'
    '<fill><patternFill patternType="gray125"></patternFill></fill></fills>'
    '<borders count="1"><border><left></left><right></right><top></top><bottom></bottom>'
    "<diagonal></diagonal></border></borders>"
    '<cellStyleXfs count="1"><xf borderId="0" fillId="0" fontId="0" numFmtId="0"></xf></cellStyleXfs>'
    '<cellXfs count="{count}">{xfs}</cellXfs>'
    '<cellStyles count="1"><cellStyle builtinId="0" hidden="0" name="Normal" xfId="0"></cellStyle>'
    "</cellStyles>"
    '<tableStyles count="0" defaultPivotStyle="PivotStyleLight16" defaultTableStyle="TableStyleMedium9">'
    "</tableStyles><colors><indexedColors>{colors}</indexedColors></colors></styleSheet>"
)
XF = '<xf borderId="0" fillId="0" fontId="0" numFmtId="{}" pivotButton="0" quotePrefix="0" xfId="0"></xf>'
# The legacy palette every openpyxl workbook carries.
PALETTE = (
    "00000000 00FFFFFF 00FF0000 0000FF00 000000FF 00FFFF00 00FF00FF 0000FFFF "
    "00000000 00FFFFFF 00FF0000 0000FF00 000000FF 00FFFF00 00FF00FF 0000FFFF "
    "00800000 00008000 00000080 00808000 00800080 00008080 00C0C0C0 00808080 "
    "009999FF 00993366 00FFFFCC 00CCFFFF 00660066 00FF8080 000066CC 00CCCCFF "
    "00000080 00FF00FF 00FFFF00 0000FFFF 00800080 00800000 00008080 000000FF "
    "0000CCFF 00CCFFFF 00CCFFCC 00FFFF99 0099CCFF 00FF99CC 00CC99FF 00FFCC99 "
    "003366FF 0033CCCC 0099CC00 00FFCC00 00FF9900 00FF6600 00666699 00969696 "
    "00003366 00339966 00003300 00333300 00993300 00993366 00333399 00333333"
)
INDEXED_COLORS = "".join(f'<rgbColor rgb="{c}"></rgbColor>' for c in PALETTE.split())


def xlsx_bytes(plan: PlanData) -> bytes:
    sheets = [("rotation", rotation_frame(plan)), ("quotas", quotas_frame(plan))]
    tables = [(name, _rows(frame)) for name, frame in sheets]
    dated = any(isinstance(v, dt.date) for _, rows in tables for row in rows[1:] for v in row)
    date_cells = any(len(rows) > 1 and set(rows[0]) & set(DATE_COLUMNS) for _, rows in tables)
    when = max((plan.created or dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).astimezone(dt.UTC), _ZIP_START)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = {
        "docProps/app.xml": APP,
        "docProps/core.xml": CORE.format(
            created=W3CDTF.format("created", stamp), modified=W3CDTF.format("modified", stamp)
        ),
        "xl/theme/theme1.xml": _theme(),
        **{f"xl/worksheets/sheet{i}.xml": _sheet(rows) for i, (_, rows) in enumerate(tables, 1)},
        "xl/styles.xml": _styles(dated, date_cells),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": _workbook([(name, _ref(rows)) for name, rows in tables]),
        "xl/_rels/workbook.xml.rels": _workbook_rels(len(tables)),
        "[Content_Types].xml": _content_types(len(tables)),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, text in parts.items():
            entry = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, text.encode("utf-8"))
    return out.getvalue()


_ZIP_START = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the first moment a zip entry can be dated


def _theme() -> str:
    return Path(__file__).with_name("xlsx_theme.xml").read_text(encoding="utf-8").rstrip()


def _rows(frame: pd.DataFrame) -> list[list[object]]:
    """The header and the rows, each value a str, int, float or date; missing values as ""."""
    rows: list[list[object]] = [[str(c) for c in frame.columns]]
    for row in frame.astype(object).itertuples(index=False, name=None):
        rows.append([_value(v) for v in row])
    return rows


def _value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | dt.date):
        return value
    return str(value)[:MAX_TEXT]


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _ref(rows: Sequence[Sequence[object]]) -> str:
    return f"A1:{_column(len(rows[0]) - 1)}{len(rows)}"


def _text(value: str) -> str:
    """Character data in canonical form."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;")


def _cell(ref: str, value: object, styled: bool) -> str:
    style = ' s="1"' if styled else ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        days = (value - EXCEL_EPOCH).days
        if 0 < days <= 60:  # Excel's 1900 counts a 29 February that never was
            days -= 1
        return f'<c r="{ref}"{style} t="n"><v>{days}</v></c>'
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return f'<c r="{ref}"{style} t="n"><v></v></c>'
        return f'<c r="{ref}"{style} t="n"><v>{value:.16g}</v></c>'
    text = str(value)
    if not text:
        return f'<c r="{ref}"{style} t="inlineStr"></c>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_text(text)}</t></is></c>'


def _width(value: object) -> int:
    return len(str(value)) if value != "" else 0


def _sheet(rows: Sequence[Sequence[object]]) -> str:
    header = rows[0]
    letters = [_column(i) for i in range(len(header))]
    dated = [name in DATE_COLUMNS for name in header]
    out = [SHEET_HEAD.format(ref=_ref(rows)), "<cols>"]
    for i in range(len(header)):
        width = min(max(max(_width(row[i]) for row in rows) + 2, 8), 60)
        out.append(f'<col customWidth="1" max="{i + 1}" min="{i + 1}" width="{width}"></col>')
    out.append("</cols><sheetData>")
    for r, row in enumerate(rows, 1):
        out.append(f'<row r="{r}">')
        out.extend(
            _cell(f"{letter}{r}", value, r > 1 and date)
            for letter, value, date in zip(letters, row, dated, strict=True)
        )
        out.append("</row>")
    out.append("</sheetData>")
    out.append(SHEET_TAIL.format(ref=_ref(rows)))
    return "".join(out)


def _styles(dated: bool, date_cells: bool) -> str:
    """The number formats registered and the cell formats used.

    yyyy-mm-dd is registered as soon as a date column has a row; pandas'
    own YYYY-MM-DD after it when a date was written (the cells then show
    yyyy-mm-dd all the same).
    """
    formats = ["yyyy-mm-dd"] if date_cells else []
    if dated:
        formats.append("YYYY-MM-DD")
    listed = "".join(
        f'<numFmt formatCode="{code}" numFmtId="{164 + i}"></numFmt>' for i, code in enumerate(formats)
    )
    xfs = [XF.format(0)] + ([XF.format(164)] if date_cells else [])
    return STYLES.format(
        formats=f'<numFmts count="{len(formats)}">{listed}</numFmts>' if formats else "",
        count=len(xfs),
        xfs="".join(xfs),
        colors=INDEXED_COLORS,
    )


def _workbook(sheets: Sequence[tuple[str, str]]) -> str:
    listed = "".join(
        f'<sheet xmlns:r="{DOC_RELS}" name="{name}" sheetId="{i}" state="visible" r:id="rId{i}"></sheet>'
        for i, (name, _) in enumerate(sheets, 1)
    )
    filters = "".join(
        f'<definedName hidden="1" localSheetId="{i}" name="_xlnm._FilterDatabase">'
        f"'{name}'!{_absolute(ref)}</definedName>"
        for i, (name, ref) in enumerate(sheets)
    )
    return (
        f'<workbook xmlns="{MAIN}"><workbookPr></workbookPr><workbookProtection></workbookProtection>'
        '<bookViews><workbookView activeTab="0" autoFilterDateGrouping="1" firstSheet="0" minimized="0" '
        'showHorizontalScroll="1" showSheetTabs="1" showVerticalScroll="1" tabRatio="600" '
        f'visibility="visible"></workbookView></bookViews><sheets>{listed}</sheets>'
        f'<definedNames>{filters}</definedNames><calcPr calcId="124519" fullCalcOnLoad="1"></calcPr>'
        "</workbook>"
    )


def _absolute(ref: str) -> str:
    """A1:L30 -> $A$1:$L$30."""
    return ":".join(
        "$" + "".join(c for c in p if c.isalpha()) + "$" + "".join(c for c in p if c.isdigit())
        for p in ref.split(":")
    )


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{i}" Target="/xl/worksheets/sheet{i}.xml" Type="{DOC_RELS}/worksheet">'
        "</Relationship>"
        for i in range(1, count + 1)
    )
    return (
        f'<Relationships xmlns="{RELS}">{sheets}'
        f'<Relationship Id="rId{count + 1}" Target="styles.xml" Type="{DOC_RELS}/styles"></Relationship>'
        f'<Relationship Id="rId{count + 2}" Target="theme/theme1.xml" Type="{DOC_RELS}/theme">'
        "</Relationship></Relationships>"
    )


def _content_types(count: int) -> str:
    overrides = [
        (f"{OFFICE}.spreadsheetml.styles+xml", "/xl/styles.xml"),
        (f"{OFFICE}.theme+xml", "/xl/theme/theme1.xml"),
        ("application/vnd.openxmlformats-package.core-properties+xml", "/docProps/core.xml"),
        (f"{OFFICE}.extended-properties+xml", "/docProps/app.xml"),
        *(
            (f"{OFFICE}.spreadsheetml.worksheet+xml", f"/xl/worksheets/sheet{i}.xml")
            for i in range(1, count + 1)
        ),
        (f"{OFFICE}.spreadsheetml.sheet.main+xml", "/xl/workbook.xml"),
    ]
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default ContentType="application/vnd.openxmlformats-package.relationships+xml" Extension="rels">'
        '</Default><Default ContentType="application/xml" Extension="xml"></Default>'
        + "".join(f'<Override ContentType="{t}" PartName="{p}"></Override>' for t, p in overrides)
        + "</Types>"
    )
