"""Facet lists shipped with the package (MIT-licensed; see ``data/SOURCES.md``)."""
from __future__ import annotations

from importlib import resources

from cayley.errors import InputError

from .io import parse_facet_list

_FILES = {
    "diseasome": "diseasome_facet_list.txt",
    "pollinators": "pollinators_facet_list.txt",
    "olesen_2002": "olesen_2002.txt",
    "simple": "simple_facet_list.txt",
}


def dataset_names() -> list[str]:
    """Names accepted by :func:`load_dataset`."""
    return sorted(_FILES)


def load_dataset(name: str) -> list[tuple]:
    """Facet list of a shipped dataset, as stored upstream (``pollinators`` and
    ``olesen_2002`` are not pruned: apply :func:`prune_included` for their maximal faces).

    Sources and licenses: ``combinat/simplicial/data/SOURCES.md``.

    Examples
    --------
    >>> load_dataset("simple")
    [(0, 1, 2), (1, 2, 3), (3, 4)]
    """
    if name not in _FILES:
        raise InputError(f"unknown dataset {name!r}; available: {', '.join(dataset_names())}")
    text = resources.files(__package__).joinpath("data", _FILES[name]).read_text(encoding="utf-8")
    return parse_facet_list(text)
