"""The README's first command, `jq-console --demo`, run in two terminals at once on a machine without
the demo database: both open the one demo the first of them filled, neither refuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

STARTS = 3


def test_demo_started_several_times_at_once_fills_once_and_every_start_opens_it(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JQ_CONSOLE_")},
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "JQ_CONSOLE_AGENT": "cmejia",
    }
    command = [sys.executable, "-m", "jq_console", "--demo", "--lang", "en", "cases", "--json"]
    starts = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(STARTS)
    ]
    done = [start.communicate(timeout=120) for start in starts]
    assert [start.returncode for start in starts] == [0] * STARTS, [err for _, err in done]
    queues = [json.loads(out) for out, _ in done]
    assert queues[0] and all(queue == queues[0] for queue in queues)
    filled = [err for _, err in done if err.startswith("demo:")]
    assert len(filled) == 1  # filled once, told by the start that filled it
    assert len({case["id"] for case in queues[0]}) == len(queues[0])  # one demo, not two merged
