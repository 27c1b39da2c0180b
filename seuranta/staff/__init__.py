"""Staff tools, beside the flow: what county staff use to change the data safely.

`diff` says what a change to the data does, for a pull-request review: rows
added, removed and changed (matched by primary key), the statuses that change,
the translations still missing.
"""
