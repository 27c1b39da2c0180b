"""Reading and checking the data package: the first stage of the flow.

`reading` reads a CSV file's bytes the way staff save them; `schema` reads the
tables' schemas from datapackage.json; `cells` checks each cell's type and
form; `keys` checks unique, primary and foreign keys; `rules` the contract's
rules across columns and tables; `translations` the Swedish texts. Every check
yields `problems.Problem`s (stable codes, plain-language messages in Finnish
and English) instead of raising, and `validate` runs them all into one
`Report`: file, row, column, value and what is wrong, every problem at once.
"""
