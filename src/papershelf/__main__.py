"""`python -m papershelf …` is the `papershelf` command (run it as `python -I -m papershelf` where the
current folder holds files you do not trust: isolated mode puts neither it nor PYTHONPATH on sys.path)."""

from .cli import main

main()
