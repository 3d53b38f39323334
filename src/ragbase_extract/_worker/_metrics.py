"""Counters of one worker process, written in the Prometheus text format."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Metrics"]

_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)


@dataclass
class Metrics:
    """Jobs done and failed, pages, callback outcomes and job durations."""

    completed: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    callbacks: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    duration_sum: float = 0.0
    duration_buckets: list[int] = field(default_factory=lambda: [0] * len(_BUCKETS))
    duration_count: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def observe(self, seconds: float, *, pages: int = 0, error: str | None = None) -> None:
        """Record one finished attempt."""
        with self._lock:
            if error is None:
                self.completed += 1
                self.pages += pages
            else:
                self.failed[error] += 1
            self.duration_sum += seconds
            self.duration_count += 1
            for i, bound in enumerate(_BUCKETS):
                if seconds <= bound:
                    self.duration_buckets[i] += 1

    def render(self) -> str:
        """The Prometheus text exposition (version 0.0.4)."""
        p = "ragbase_worker_"
        with self._lock:
            lines = [
                f"# TYPE {p}jobs_completed_total counter",
                f"{p}jobs_completed_total {self.completed}",
                f"# TYPE {p}jobs_failed_total counter",
                *(
                    f'{p}jobs_failed_total{{error="{k}"}} {v}'
                    for k, v in sorted(self.failed.items())
                ),
                f"# TYPE {p}pages_total counter",
                f"{p}pages_total {self.pages}",
                f"# TYPE {p}callbacks_total counter",
                *(
                    f'{p}callbacks_total{{outcome="{k}"}} {v}'
                    for k, v in sorted(self.callbacks.items())
                ),
                f"# TYPE {p}jobs_in_flight gauge",
                f"{p}jobs_in_flight {self.in_flight}",
                f"# TYPE {p}job_duration_seconds histogram",
                *(
                    f'{p}job_duration_seconds_bucket{{le="{b}"}} {n}'
                    for b, n in zip(_BUCKETS, self.duration_buckets, strict=True)
                ),
                f'{p}job_duration_seconds_bucket{{le="+Inf"}} {self.duration_count}',
                f"{p}job_duration_seconds_sum {self.duration_sum:.6f}",
                f"{p}job_duration_seconds_count {self.duration_count}",
            ]
        return "\n".join(lines) + "\n"
