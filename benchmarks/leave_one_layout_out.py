"""Leave-one-layout-out: classifier vs rules on layouts the classifier was not trained on.

Usage: python benchmarks/leave_one_layout_out.py [--per-layout 8] [--data training_data]

For every layout family, trains the role classifier without that family and
parses the family's real gold documents plus fresh synthetic reports of it,
with the classifier and with the rules. Prints grid-cell accuracy side by side.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from retable.training.lolo import leave_one_layout_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("training_data"))
    parser.add_argument("--per-layout", type=int, default=8)
    args = parser.parse_args()
    started = time.perf_counter()
    table = leave_one_layout_out(args.data, per_layout=args.per_layout, progress=True)
    print(table.to_string())
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
