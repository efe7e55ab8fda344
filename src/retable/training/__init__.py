"""Training-time tools: synthetic reports, automatic cell-role annotation, training and evaluation.

Nothing here is imported by :func:`retable.parse`; these modules exist so a
user can add examples of a new layout, retrain the role classifier and
measure it without touching the parser.
"""
