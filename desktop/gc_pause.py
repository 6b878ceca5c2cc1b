"""Python's cyclic garbage collector paused while a bulk job builds many objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cycle collector off for the block, back on (if it was on) however it ends.

    An import or a pull creates and keeps tens of thousands of dicts and tuples (none of
    them garbage, none in cycles); every collection walked them all again (0.1-0.25 s of
    CPU for 50,000 imported rows, about a third of a restore). Reference counting still
    frees everything as usual; cycles wait for the next collection.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
