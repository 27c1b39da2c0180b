"""The model: the validated package as immutable objects.

`load.load_package` validates a data folder (seuranta.check) and builds
`package.Package` from the checked rows, with the lookups pages need (a goal's
indicators, an indicator's observations…); `comparison` groups indicators of
several organisations that share a Sotkanet id; `slices` cuts out the rows one
page or chart shows, as a package of their own. Nothing downstream sees raw rows.
"""
