"""Status: is each indicator on track, and why, in words.

`evaluate` decides one stable status code per indicator from its target,
direction, baseline and usable values (the rules are its docstring and the
methodology page); `explain` says the reason in one Finnish or Swedish sentence.
"""
