"""Typed errors; each formats itself as the one line a user sees."""

from __future__ import annotations


class MarsadError(Exception):
    """Base of every error Marsad reports to a user."""


class InputError(MarsadError):
    """An input that cannot be read as an article: ``path[:line]: problem``."""

    def __init__(self, path: str, problem: str, line: int | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, int | None]]:
        # Errors found by a worker process travel back to the writer whole (path, problem, line).
        return type(self), (self.path, self.problem, self.line)


class InputNotice(InputError):
    """Something repaired or left out of an input that was still stored: reported, not a failure."""


class StoreError(MarsadError):
    """The store cannot be opened or written."""


class StoreBusy(StoreError):
    """Another writer held the store longer than the configured wait; nothing was written."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after
