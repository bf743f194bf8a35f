"""`make audit` sets aside a Lighthouse run during which other programs kept the machine busy
(scripts/audit.py): the watch that tells counts other processes' CPU time, not the audit's own."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

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
    seconds = after[0] - before[0]
    # The child's busy second and a half is in this process's tree, so it is subtracted from
    # the machine's busy time rather than counted as other work.
    assert after[2] - before[2] >= 0.3 * seconds * audit._TICKS  # even on a busy machine


def test_a_child_that_ended_and_was_reaped_still_counts_as_the_audits():
    """A Lighthouse process busy for a while and gone before the second sample: its time
    moves to its parent's account of reaped children, and stays in the tree."""
    before = audit.cpu_sample()
    busy_second = "import time\nend = time.time() + 1\nwhile time.time() < end: pass"
    subprocess.run([sys.executable, "-c", busy_second], check=True)  # waited for: reaped
    after = audit.cpu_sample()
    assert after[2] - before[2] >= 0.3 * audit._TICKS


def test_other_work_is_the_machines_busy_time_less_the_audits():
    ticks = audit._TICKS
    # Two seconds; the machine busy for 1.5 cores' worth, the audit's tree for 1.0.
    before, after = (10.0, 1000, 400), (12.0, 1000 + 3 * ticks, 400 + 2 * ticks)
    assert audit.others_cores(before, after) == pytest.approx(0.5)
    # Per-process accounting can run a tick ahead of the machine's: never below zero.
    assert audit.others_cores(before, (12.0, 1000 + ticks, 400 + ticks + 3)) == 0.0
