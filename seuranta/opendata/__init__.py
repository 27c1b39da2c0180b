"""Published data: every table of the package as a journalist downloads it.

`downloads` writes `site/data/`: the CSV files with `datapackage.json` (also
zipped, `archive`), JSON per
table, one CSV per goal and per indicator, `status.csv`; `xlsx` writes the
workbook with every table as a sheet.
"""
