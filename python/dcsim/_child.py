"""The child side of dcsim's process isolation: a tiny RPC server over two pipes.

SimGrid allows one simulation engine per process, so every simulation the Python API starts runs in a fresh
child process (`python -c "import dcsim._child ..."`, not multiprocessing, so scripts need no
`if __name__ == "__main__"` guard). Messages are pickled (cloudpickle when available, so lambdas and
functions defined in a script can be sent):
  ("call", fn, args, kwargs)  -> fn(*args, **kwargs)
  ("open", path, text, name, base_dir, overrides) -> creates this process's simulation (step API)
  ("sim", method, args, kwargs) -> calls a method of dcsim.simulation._Local on it
  ("exit",)
Replies: ("ok", value) or ("err", exception, formatted traceback).
"""
from __future__ import annotations

import os
import pickle
import sys
import traceback
from multiprocessing.connection import Connection


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def serve(read_fd: int, write_fd: int) -> None:
    rx = Connection(read_fd, writable=False)
    tx = Connection(write_fd, readable=False)
    sim = None
    while True:
        try:
            msg = pickle.loads(rx.recv_bytes())
        except (EOFError, OSError):
            return
        kind = msg[0]
        if kind == "exit":
            return
        try:
            if kind == "call":
                result = msg[1](*msg[2], **msg[3])
            elif kind == "open":
                from .simulation import _Local
                sim = _Local(*msg[1:])
                result = sim.info()
            elif kind == "sim":
                if sim is None:
                    raise RuntimeError("no simulation opened in this process")
                result = getattr(sim, msg[1])(*msg[2], **msg[3])
            else:
                raise RuntimeError(f"unknown request {kind!r}")
            reply = ("ok", result)
        except BaseException as e:  # noqa: BLE001 - everything goes back to the caller
            reply = ("err", _picklable(e), traceback.format_exc())
        try:
            tx.send_bytes(pickle.dumps(reply))
        except (BrokenPipeError, OSError):
            return  # the parent is gone (e.g. a sweep killed with -9): the work above is done, just leave
        sys.stdout.flush()


def leave() -> None:
    """Exit without interpreter/atexit clean-up: a simulation stopped mid-way would make SimGrid's exit
    handler warn ("Process called exit when leaving"); everything worth keeping is already sent or written."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
