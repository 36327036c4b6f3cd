"""Exception types shared by every permlab package."""

__all__ = ["BackendUnavailableError", "MemoryBudgetError", "PermlabError"]


class PermlabError(Exception):
    """Base class of permlab's own exceptions."""


class BackendUnavailableError(PermlabError, RuntimeError):
    """A requested backend (e.g. ``"cupy"``) cannot be used on this machine."""


class MemoryBudgetError(PermlabError, MemoryError):
    """A computation would need more memory than is available; raised before it starts."""
