"""`serve`: what a partial rebuild writes beside its pages, written in a forked process after they are served.

At 10,000 papers the list's data, the authors' names and the exports (papers.json, .bib, CSL-JSON,
RIS, feeds, a .bib a paper) take ~8 s of CPU. Written before the rebuild ended, they made every
edit wait for them; written in a thread, they held the interpreter's lock the server and the next
rebuild need, and a newer rebuild had to wait for the file they were at. A forked process has its
own copy of the collection as of the rebuild, runs on another CPU, and a newer rebuild kills it at
once: every file it writes appears whole (written beside, then renamed), so a killed writer leaves
the last complete version. A preview server runs other threads (the HTTP server, the file
watcher), so the child takes no lock they might hold: it never logs or prints, and reports a
failure with one raw write to standard error.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

from papershelf.model.problems import terminal_safe


class ExportsAfterRebuild:
    """One preview's writer: at most one at work; a newer rebuild's replaces the last one's."""

    def __init__(self) -> None:
        self.writing: int | None = None  # the process id of the writer at work

    def start(self, write: Callable[[], object]) -> None:
        """Run `write()` in a forked process on Linux; elsewhere here and now (macOS's system libraries are not
        safe to fork in a process that runs threads, as a preview server does; Windows does not fork)."""
        self.cancel()
        if not sys.platform.startswith("linux"):
            write()
            return
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:  # no process to be had (a limit on processes or memory): write them here, as elsewhere
            write()
            return
        if pid == 0:  # the child: write, and leave without running the parent's exit handlers
            os._exit(_write_and_report(write))
        self.writing = pid

    def cancel(self) -> None:
        """Stop the last rebuild's writer now: before a newer rebuild writes its own, and when `serve` stops
        (MkDocs then removes the site folder)."""
        if self.writing is not None:
            pid, self.writing = self.writing, None
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)

    def wait(self) -> int | None:
        """Wait for the writer at work to finish; its exit status (0: every file written), None if none."""
        if self.writing is None:
            return None
        pid, self.writing = self.writing, None
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _write_and_report(write: Callable[[], object]) -> int:
    try:
        write()
        return 0
    except BaseException as error:  # noqa: BLE001 - the rebuild has ended: reported, as the index's failure is
        message = terminal_safe(f"papershelf: writing the exports failed: {type(error).__name__}: {error}")
        os.write(2, f"ERROR   -  {message}\n".encode("utf-8", "replace"))
        return 1
