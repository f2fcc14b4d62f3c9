"""What every bench prints beside its figures: CPU time from the process's own accounting, peak and
current RSS, store size on disk, and the machine's load (a busy machine slows a run's wall time, and,
through shared caches, its CPU time a little too)."""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path


def cpu_seconds() -> float:
    """User + system CPU of this process (SQLite runs in-process, so its work counts too)."""
    return time.process_time()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Resident memory now (Linux /proc; the peak where /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_rss_mb()
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def store_bytes(path: Path) -> int:
    """Bytes of a SQLite store on disk, its write-ahead log included."""
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def load() -> str:
    """The machine's 1-minute load and its cores, e.g. "load 1.9 on 2 cores"."""
    return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
