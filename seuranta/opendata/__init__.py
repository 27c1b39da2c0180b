"""Published data: every table of the package as a journalist downloads it.

`downloads` writes `site/data/`: the package (CSV files, `datapackage.json`,
`status.csv`), also zipped (`archive`) and per organisation (`subsets`), JSON
per table and per indicator (`indicator_json`), one CSV per goal and per
indicator; `xlsx` writes the workbook (a sheet documenting every column, then
every table as a typed sheet), zipped by `zip_parts`; `blocks` makes each
table's files in blocks of rows, each kept for the next build; `releases` reads the data's version and release
notes from the descriptor.
"""
