"""Finding any case on a big demo database: one page (50) of the case finder per query, five runs each.

jq-console demo --db /tmp/big.sqlite --cases 28600
python benchmarks/bench_finder.py /tmp/big.sqlite          # or a postgresql+psycopg:// URL
"""

from __future__ import annotations

import statistics
import sys
import time

from jq_console.store.engine import make_engine
from jq_console.store.finder import find_cases

QUERIES = [
    ("medellin", "all"),  # many matches: the page fills early (newest first, by the opening index)
    ("00042", "all"),  # a number in any year
    ("2026-4200", "all"),  # a whole code
    ("julian", "resolved"),  # an agent's first name
    ("900123456", "all"),  # a NIT without check digit that no case has: every case read
    ("factura electronica", "closed"),
    ("zzzz", "all"),  # nothing matches: every case read
]


def main(target: str) -> None:
    engine = make_engine(target, readonly=True)
    for query, group in QUERIES:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            page = find_cases(engine, query, group, (None, None), 50, 0)
            times.append(time.perf_counter() - started)
        print(
            f"{query!r:24} {group:9} {len(page.cases):3} more={page.more!s:5} "
            f"median {statistics.median(times) * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    main(sys.argv[1])
