"""Combinatorial structures built on the permlab core (simplicial complexes)."""

__all__: list[str] = []
