"""Cutters: one per layout family, each turning a located shape into rows of cells."""
