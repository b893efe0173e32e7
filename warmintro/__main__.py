"""`python -m warmintro`."""

from .cli import main

main()
