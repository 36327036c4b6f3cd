"""Search and optimisation solvers: flip graphs, submodular-order greedy, assortment."""

__all__: list[str] = []
