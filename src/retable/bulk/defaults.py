"""The bulk job's defaults, apart from the modules that use them, so the command line
can show them in ``--help`` without importing pyarrow and the parser."""

CHUNK_SIZE = 1000  # reports per committed chunk: a crash loses at most one chunk's work
DEFAULT_TIME_LIMIT = 30.0  # seconds per document; real reports take milliseconds
