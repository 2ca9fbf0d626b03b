"""Keeping the cyclic garbage collector off the request path of a long-running server.

A server process holds a few hundred thousand long-lived objects (the imported libraries, the
models it serves). Every full collection walks all of them: measured on the serving benchmark,
a pause of 100-280 ms every few seconds per process, which is the whole p99 of a predict
request. Frozen objects are left out of every collection (they are still freed by reference
counting), so a full collection only walks what the process made since.
"""

from __future__ import annotations

import gc


def freeze_heap(*, collect: bool = True) -> None:
    """Move every object alive now into the permanent generation (`gc.freeze`).

    `collect` first drops what is already garbage, so it is not kept frozen; call it at startup,
    and without `collect` after loading something long-lived on a serving path.
    """
    if collect:
        gc.collect()
    gc.freeze()
