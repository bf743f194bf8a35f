"""`make audit` sets aside a Lighthouse run during which other programs kept the machine busy
(scripts/audit.py): the watch that tells counts other processes' CPU time, not the audit's own."""

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import audit

BUSY_LOOP = [sys.executable, "-c", "while True: pass"]


def _others_over(seconds: float) -> float:
    before = audit.cpu_sample()
    time.sleep(seconds)
    return audit.others_cores(before, audit.cpu_sample())


def test_a_busy_program_outside_the_audit_counts_as_other_work():
    # Started by a shell that exits at once: the loop is no descendant of this process.
    launched = subprocess.run(
        ["sh", "-c", f"{sys.executable} -c 'while True: pass' >/dev/null 2>&1 & echo $!"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(launched.stdout.strip())
    try:
        time.sleep(0.3)
        assert _others_over(1.5) > audit.BUSY_CORES
    finally:
        subprocess.run(["kill", str(pid)], check=False)


def test_the_audits_own_busy_children_do_not_count():
    child = subprocess.Popen(BUSY_LOOP)
    try:
        time.sleep(0.3)
        before = audit.cpu_sample()
        time.sleep(1.5)
        after = audit.cpu_sample()
    finally:
        child.kill()
        child.wait()
    assert after[2] - before[2] > 0.5 * 1.5 * audit._TICKS  # the child's time is seen as ours
    assert audit.others_cores(before, after) < audit.BUSY_CORES
