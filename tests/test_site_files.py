"""Every file of a built site readable by others, as MkDocs writes its own: a web server running as
another user serves papers.json, papers.bib, feed.xml and the search index like the pages."""

from __future__ import annotations

import os
import stat


def test_every_output_file_and_folder_has_the_usual_mode(bundled_site):
    umask = os.umask(0o022)
    os.umask(umask)
    wrong = []
    for folder, folders, files in os.walk(bundled_site):
        for name in files:
            mode = stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode)
            if mode != 0o666 & ~umask:
                wrong.append(f"{os.path.relpath(os.path.join(folder, name), bundled_site)} {oct(mode)}")
        for name in folders:
            mode = stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode)
            if mode != 0o777 & ~umask:
                wrong.append(f"{os.path.relpath(os.path.join(folder, name), bundled_site)}/ {oct(mode)}")
    assert wrong == []
    for name in ("papers.json", "papers.bib", "feed.xml", "papers/list.json", "pagefind/pagefind.js"):
        assert (bundled_site / name).is_file(), name  # the files this is about are there to be checked
