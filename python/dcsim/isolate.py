"""Run work in a fresh child process (one SimGrid engine per process). See _child.py for the protocol.

Cost: starting a child is one Python start-up plus `import dcsim` (about 0.1-0.3 s on the reference VM); the
simulation itself then runs at full C++ speed in the child. Results come back pickled.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path


def _dumps(obj) -> bytes:
    """cloudpickle when available (functions from scripts and lambdas travel by value), else pickle. Imported
    here, not at module load: child processes should start fast."""
    try:
        import cloudpickle
        return cloudpickle.dumps(obj)
    except ImportError:  # pragma: no cover
        return pickle.dumps(obj)

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)


class ChildProcessError_(RuntimeError):
    """The child process died without answering (crash, killed)."""


class Child:
    """One child process serving requests until closed. Not thread-safe: one caller at a time."""

    def __init__(self, python: str | None = None):
        p2c_r, p2c_w = os.pipe()
        c2p_r, c2p_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([_PACKAGE_PARENT] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
        # Like multiprocessing's spawn: the child also sees this process's import path, so policies defined in
        # importable modules (tests, user packages) unpickle there.
        extra = [p for p in sys.path if p]
        code = (f"import sys; sys.path.extend(p for p in {extra!r} if p not in sys.path); "
                f"import dcsim._child as c; c.serve({p2c_r}, {c2p_w}); c.leave()")
        try:
            self.proc = subprocess.Popen([python or sys.executable, "-c", code], pass_fds=(p2c_r, c2p_w), env=env,
                                         stdin=subprocess.DEVNULL)
        finally:
            os.close(p2c_r)
            os.close(c2p_w)
        self._tx = Connection(p2c_w, readable=False)
        self._rx = Connection(c2p_r, writable=False)

    def request(self, *msg):
        try:
            self._tx.send_bytes(_dumps(msg))
            reply = pickle.loads(self._rx.recv_bytes())
        except (EOFError, OSError, BrokenPipeError):
            code = self.proc.wait()
            raise ChildProcessError_(f"dcsim: the simulation process exited with code {code} without answering") from None
        if reply[0] == "ok":
            return reply[1]
        exc = reply[1]
        # Keep the child's traceback visible for unexpected errors; input errors are self-explanatory.
        from .errors import InputError
        if not isinstance(exc, InputError) and hasattr(exc, "add_note"):  # Python >= 3.11
            exc.add_note("in the dcsim child process:\n" + reply[2])
        raise exc

    def call(self, fn, *args, **kwargs):
        return self.request("call", fn, args, kwargs)

    def close(self):
        if self.proc.poll() is None:
            try:
                self._tx.send_bytes(pickle.dumps(("exit",)))
            except OSError:
                pass
        for c in (self._tx, self._rx):
            try:
                c.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
            self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def call(fn, *args, **kwargs):
    """fn(*args, **kwargs) in a fresh child process that exits afterwards."""
    with Child() as child:
        return child.call(fn, *args, **kwargs)
