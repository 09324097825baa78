"""dcsim.InputError: invalid user input (scenario, sweep file), carrying every error found.

Each item has the fields of the C++ dcsim::InputError (file, line, column, key_path, message) and `text`, the
line exactly as the `dcsim` program prints it ("file:line:col: key.path: message").
"""
from __future__ import annotations

from typing import Iterable, NamedTuple


class InputErrorItem(NamedTuple):
    file: str
    line: int
    column: int
    key_path: str
    message: str
    text: str


class InputError(ValueError):
    """Invalid input. `errors` lists every problem found; str() is what `dcsim validate` prints."""

    def __init__(self, errors: Iterable[InputErrorItem | tuple]):
        self.errors = [e if isinstance(e, InputErrorItem) else InputErrorItem(*e) for e in errors]
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.errors)
        head = f"invalid input ({n} {'error' if n == 1 else 'errors'}):"
        return "\n  ".join([head] + [e.text for e in self.errors])

    def __reduce__(self):  # picklable: errors cross process boundaries (child runs, Dask)
        return (InputError, ([tuple(e) for e in self.errors],))


def make_error(file: str, key_path: str, message: str, line: int = 0, column: int = 0) -> InputErrorItem:
    """An error for inputs read on the Python side (sweep files), formatted like the C++ ones."""
    where = file
    if line:
        where += f":{line}"
        if column:
            where += f":{column}"
    text = f"{where}: {key_path + ': ' if key_path else ''}{message}"
    return InputErrorItem(file, line, column, key_path, message, text)
