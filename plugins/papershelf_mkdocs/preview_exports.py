"""`serve`: a rebuild's exports written after its pages are served, in a thread.

At 10,000 papers the exports (papers.json, .bib, CSL-JSON, RIS, feeds, a .bib a paper) take ~7 s of CPU:
written before the rebuild ends, they made every edit wait for them. A newer rebuild stops the last one's
exports at their next file and waits for that (it refreshes the last collection's indexes in place), then
writes its own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("mkdocs.plugins.papershelf")


class ExportsAfterRebuild:
    """One preview's exports: at most one writing at a time; a newer rebuild's replace the last one's."""

    def __init__(self) -> None:
        self.writing: threading.Thread | None = None
        self.stopping = threading.Event()

    def start(self, write: Callable[[Callable[[], bool]], object]) -> None:
        """Write the exports in a thread: `write(cancelled)`, which stops when `cancelled()` says so."""
        self.cancel()
        self.stopping = threading.Event()
        self.writing = threading.Thread(target=self._write, args=(write, self.stopping.is_set),
                                        name="papershelf-exports", daemon=True)
        self.writing.start()

    def cancel(self) -> None:
        """Stop the last rebuild's exports at their next file, and wait for that: before a rebuild reads the
        collection again, and when `serve` stops (MkDocs then removes the site folder)."""
        if self.writing is not None:
            self.stopping.set()
            self.writing.join()
            self.writing = None

    @staticmethod
    def _write(write: Callable[[Callable[[], bool]], object], cancelled: Callable[[], bool]) -> None:
        try:
            write(cancelled)
        except Exception as error:  # noqa: BLE001 - the rebuild has ended: a failure is logged, as the index's is
            log.error(f"papershelf: writing the exports failed: {type(error).__name__}: {error}")
