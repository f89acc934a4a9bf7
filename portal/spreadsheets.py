"""Every spreadsheet the portal writes or reads goes through here.

Writing: user text is stored as text, never as a formula. A member called `=HYPERLINK(...)` or
a topic `+1+1` would otherwise reach Excel or WPS as a live formula (CSV injection). In .xlsx
a text cell is written as a string (openpyxl would store text starting with "=" as a formula)
and, when it looks like a formula, with Excel's quote prefix, so editing the cell keeps it text;
the value itself is unchanged. CSV has no cell types: such text gets OWASP's leading single
quote, which the CSV import takes off again.

Reading: an uploaded workbook is read as a stream and refused with a Chinese message as soon as
it is too large (bytes, unpacked size, columns or rows), before it is read whole: a 1.5 KB file
can declare sixteen thousand columns.
"""

import csv
import io
import zipfile

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.formats import base_formats

# OWASP's CSV-injection list (= + - @ tab CR) and the full-width forms WPS also evaluates.
FORMULA_STARTS = "=+-@\uff1d\uff0b\uff0d\uff20"
LEADING_SPACE = " \t\r\n\u3000"

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What an import reads at most (a branch's roster has tens to hundreds of rows; a workbook of
# 5,000 full roster rows is about 0.5 MB, 6 MB unpacked).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
MAX_ROWS = 5_000  # data rows, below the header row
MAX_COLUMNS = 50


class SpreadsheetRefused(ValueError):
    """A file the import will not read; the message says why, in Chinese, for the user."""


def looks_like_formula(value):
    """True for text a spreadsheet program could take for a formula."""
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "\t\r":
        return True
    stripped = value.lstrip(LEADING_SPACE)
    return bool(stripped) and stripped[0] in FORMULA_STARTS


# -- .xlsx ---------------------------------------------------------------------------------------


def cell(sheet, value, column=1):
    """A cell for `sheet.append([...])` (normal and write-only sheets): text stays text.
    (append() places it; the column given only lets openpyxl describe it in its errors.)"""
    from openpyxl.cell.cell import Cell

    try:
        result = Cell(sheet, row=1, column=column, value=value)
    except ValueError:  # a lazy translation ("正式党员") or another object: its text
        value = str(value)
        result = Cell(sheet, row=1, column=column, value=value)
    if isinstance(value, str):
        result.data_type = "s"  # openpyxl made text starting with "=" a formula ("f")
        if looks_like_formula(value):
            result.quotePrefix = True
    return result


def append(sheet, values):
    """Append a row of values to a sheet, every text as text."""
    sheet.append([cell(sheet, value, column) for column, value in enumerate(values, start=1)])


def dataset_xlsx(dataset):
    """A tablib Dataset (an import-export resource's export) as .xlsx bytes: bold header row,
    frozen below it, columns as wide as their contents (up to 50 characters)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = (dataset.title or "Sheet1")[:31]
    rows = [list(row) for row in dataset]
    if dataset.headers:
        append(sheet, dataset.headers)
        for header in sheet[1]:
            header.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for row in rows:
        append(sheet, row)
    for column in sheet.columns:
        width = max((len(str(c.value)) for c in column if c.value is not None), default=0)
        sheet.column_dimensions[column[0].column_letter].width = min(width + 2, 50)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- .csv ----------------------------------------------------------------------------------------


def csv_value(value):
    """OWASP: text that could be taken for a formula gets a leading single quote."""
    if looks_like_formula(value):
        return "'" + value
    return "" if value is None else value


def csv_unquote(value):
    """The inverse of csv_value for text read from a CSV file."""
    if isinstance(value, str) and value.startswith("'") and looks_like_formula(value[1:]):
        return value[1:]
    return value


def dataset_csv(dataset):
    stream = io.StringIO()
    writer = csv.writer(stream)
    if dataset.headers:
        writer.writerow([csv_value(header) for header in dataset.headers])
    for row in dataset:
        writer.writerow([csv_value(value) for value in row])
    return stream.getvalue()


# -- reading ------------------------------------------------------------------------------------


def check_upload_size(upload):
    """For a form's clean_<file>(): refuse a file over MAX_UPLOAD_BYTES before it is read."""
    if upload is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("文件太大（%(size).1f MB），导入的文件最大 %(max)s MB。")
            % {"size": upload.size / 1024 / 1024, "max": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )


def _column_letter(number):
    from openpyxl.utils import get_column_letter

    return get_column_letter(min(number, 16384))


def _too_wide(row_number, column):
    return SpreadsheetRefused(
        _(
            "表格最多 %(max)s 列，第 %(row)s 行第 %(column)s 列（第 %(n)s 列）还有内容。"
            "请删除多余的列后重新上传。"
        )
        % {"max": MAX_COLUMNS, "row": row_number, "column": _column_letter(column), "n": column}
    )


def _too_long(row_number):
    return SpreadsheetRefused(
        _(
            "表格最多 %(max)s 行数据（不含第 1 行表头），第 %(row)s 行还有内容。"
            "请分成几个文件分别导入。"
        )
        % {"max": MAX_ROWS, "row": row_number}
    )


def _filled(value):
    return value is not None and value != ""


class _Rows:
    """Rows as they are read, refused as soon as they pass the caps; blank rows at the end and
    blank cells at the end of a row are left out (they are often formatted, empty cells)."""

    def __init__(self):
        self.rows = []
        self.count = 0
        self.width = 0

    def add(self, values):
        self.count += 1
        last = max((i for i, v in enumerate(values, start=1) if _filled(v)), default=0)
        if last > MAX_COLUMNS:
            raise _too_wide(self.count, last)
        if not last:
            return
        if self.count > MAX_ROWS + 1:
            raise _too_long(self.count)
        self.rows.extend([] for _blank in range(self.count - 1 - len(self.rows)))
        self.rows.append(list(values[:last]))
        self.width = max(self.width, last)

    def dataset(self):
        rows = [row + [None] * (self.width - len(row)) for row in self.rows]
        dataset = tablib.Dataset()
        if rows:
            dataset.headers = rows[0]
            for row in rows[1:]:
                dataset.append(row)
        return dataset


def read_xlsx(data):
    """The active sheet of an .xlsx file as a tablib Dataset (first row the headers), read as
    a stream: only cells that exist are read, whatever size the sheet declares."""
    from openpyxl import load_workbook

    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile:
        raise SpreadsheetRefused(_("这不是 Excel（.xlsx）文件，或文件已损坏。")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetRefused(
            _(
                "这个 Excel 文件解压后超过 %(max)s MB，远大于一份名册。请只保留名册一张表后另存再上传。"
            )
            % {"max": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.active
        sheet.reset_dimensions()  # the declared size ("A1:XFD6000") is not read: cells are
        rows = _Rows()
        for values in sheet.iter_rows(values_only=True):
            rows.add(values)
        return rows.dataset()
    finally:
        book.close()


def read_csv(text):
    """A CSV text as a tablib Dataset, with the same caps as read_xlsx; csv_value's quote is
    taken off again. Empty lines are skipped, as tablib does."""
    rows = _Rows()
    for values in csv.reader(io.StringIO(text)):
        if values:
            rows.add([csv_unquote(value) for value in values])
    return rows.dataset()


# -- import-export formats -----------------------------------------------------------------------


class XLSX(base_formats.XLSX):
    """import-export's .xlsx with the portal's reader and writer."""

    def create_dataset(self, in_stream):
        return read_xlsx(in_stream)

    def export_data(self, dataset, **kwargs):
        return dataset_xlsx(dataset)


class CSV(base_formats.CSV):
    """import-export's .csv with the portal's reader and writer."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                # Excel and WPS on Chinese Windows save "CSV" in GBK.
                in_stream = in_stream.decode("gb18030")
        return read_csv(in_stream)

    def export_data(self, dataset, **kwargs):
        return dataset_csv(dataset)
