"""Writes the workbooks of the spreadsheet tests that libxlsxwriter cannot: run by the tests as
`python3 openpyxl_workbook.py CASE PATH`. openpyxl is a second, independent writer of .xlsx."""
import datetime
import sys

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def epoch1904(path):
    """Dates in the 1904 date system (Excel for Mac before 2011), beside a date typed as text."""
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Dates"
    ws.append(["Jour", "Texte"])
    for day in [datetime.date(2024, 3, 15), datetime.date(1904, 1, 1), datetime.date(1999, 12, 31)]:
        ws.append([day, "15/03/2024"])
    for row in ws.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "dd/mm/yyyy"
    wb.save(path)


def errors_and_strings(path):
    """Error values; strings with markup characters, accents, a line break, an empty one; a formula
    openpyxl saves without a value (it computes nothing)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Export"
    ws.append(["Valeur", "Texte"])
    ws.append(["#N/A", "R&D <études> \"à\" l'œil"])
    ws.append(["#DIV/0!", "ligne 1\nligne 2"])
    ws.append([None, ""])
    ws.append([12, "x_x000D_y", "=A5*2"])
    for cell in (ws["A2"], ws["A3"]):
        cell.data_type = "e"
    wb.save(path)


CASES = {"epoch1904": epoch1904, "errors_and_strings": errors_and_strings}

if __name__ == "__main__":
    CASES[sys.argv[1]](sys.argv[2])
