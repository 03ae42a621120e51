"""`jq-console deadlines --batch` on 100,000 lines, timed as a whole process (start-up included).

python benchmarks/bench_deadline_batch.py [--lines 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_starts(path: Path, lines: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(lines):
            opened = (
                f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00-05:00"
            )
            out.write(json.dumps({"severity": rng.choice(("S1", "S2", "S3")), "opened": opened}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        starts = Path(folder) / "starts.jsonl"
        write_starts(starts, args.lines)
        command = [sys.executable, "-m", "jq_console", "deadlines", "--batch", str(starts)]
        for run in range(1, args.runs + 1):
            began = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True, check=True)
            elapsed = time.perf_counter() - began
            produced = result.stdout.count("\n")
            assert produced == args.lines, f"{produced} results for {args.lines} lines"
            print(
                f"run {run}: {args.lines:,} lines in {elapsed:.2f} s "
                f"({elapsed / args.lines * 1e6:.1f} µs per line, whole process)"
            )


if __name__ == "__main__":
    main()
