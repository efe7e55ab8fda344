"""The stages of assembling one table, each a module of one job.

:mod:`.records` groups tagged cells into records, :mod:`.align` puts records on the
schema's rows, :mod:`.fit` reads each row's printed values as candidates (with
:mod:`retable.solve` and, for whitespace-aligned rows, :mod:`.positions`),
:mod:`.choose` picks one candidate per row so the column identities hold, and
:mod:`.grid` writes the chosen readings as grid cells; :mod:`.warnings` words what
each stage found. :func:`retable.assemble.assemble_table` composes them.
"""
