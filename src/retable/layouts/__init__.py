"""Cutters: one per layout family, each turning a located table's lines into rows of
cells. Text layouts: ``detect`` finds a region's layout, ``registry`` chooses the
cutter of each line, ``text_rows`` follows what runs across lines. Positioned words
(borderless PDFs, OCR): ``positioned`` with ``bands`` and ``rows``."""
