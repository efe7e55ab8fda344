"""retable: rebuild the standard tables of 政府信息公开工作年度报告 from scraped text.

>>> import retable
>>> report = retable.parse("report.txt")          # doctest: +SKIP
>>> report.table("requests")                      # doctest: +SKIP
"""

from .build_info import compiled
from .errors import RetableError
from .pipeline import parse, parse_document
from .report import Report
from .schema import load_schema

__all__ = ["Report", "RetableError", "compiled", "load_schema", "parse", "parse_document"]
__version__ = "0.1.0"
