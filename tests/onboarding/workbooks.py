"""Onboarding workbooks for the tests."""

import io

from openpyxl import Workbook

from onboarding.workbook import HEADERS

# 3 schools, 4 organisations (a 党委 with one branch under it), 3 secretaries.
GOOD_ROWS = [
    ["春江小学", "春江小学党支部", "党支部", "", "王春江", "13812340001", "sec_chunjiang"],
    ["百草园小学", "百草园小学党委", "党委", "", "赵百草", "13812340002", "sec_baicaoyuan"],
    [
        "百草园小学",
        "百草园小学第一党支部",
        "",
        "百草园小学党委",
        "赵百草",
        "13812340002",
        "sec_baicaoyuan",
    ],
    ["魏村中心小学", "魏村中心小学党支部", "党支部", "", "孙魏村", "0519-86123456", "sec_weicun"],
]


def workbook(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    stream.name = "开通.xlsx"
    return stream
