"""Seuranta: a transparency portal for child and youth welfare plans.

The core is plain Python and never imports MkDocs: load and validate the data
package (`validate`), turn it into an immutable model (`model`), format numbers
the Finland way (`formatting`), and write the static site (`site`).
"""

__version__ = "0.1.0"
