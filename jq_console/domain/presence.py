"""Who is free: an agent's chosen availability, overruled by silence.

A console touches its agent's `last_seen` while it runs; an agent not seen for the policy's
`away_after_minutes` shows as away whatever they chose, since nobody is there to answer.
"""

from __future__ import annotations

AVAILABILITIES = ("available", "busy", "away")
# The severity whose unassigned cases need someone free at once (docs/policy.md, "SLA targets"); other
# cases wait their turn in the queue.
URGENT_SEVERITY = "S3"


def effective(chosen: str, last_seen: float | None, now: float, away_after_minutes: int) -> str:
    if last_seen is None or now - last_seen > away_after_minutes * 60:
        return "away"
    return chosen if chosen in AVAILABILITIES else "away"


def next_silence(last_seen: list[float | None], now: float, away_after_minutes: int) -> float | None:
    """The first moment after `now` at which one of these agents turns away by silence alone (None:
    nobody will): what a board of who is free must be read again for, when nothing else changed."""
    turns = [seen + away_after_minutes * 60 for seen in last_seen if seen is not None]
    later = [turn for turn in turns if turn >= now]
    return min(later) if later else None
