"""Simplicial complexes with prescribed degree and facet-size sequences.

* :func:`realize` decides whether a complex with given vertex degrees (facets per vertex) and
  facet sizes exists (a proof either way, or "unknown" when a budget runs out) and builds one.
* :func:`sample` runs the simplicial configuration model MCMC from a complex;
  :func:`sample_ensemble` runs independent chains on an executor.
* Helpers: :func:`is_simplicial`, :func:`degree_size_sequences`, :func:`prune_included`,
  :func:`betti_numbers`, bipartite-graph conversion, facet-list I/O, shipped datasets.
"""
from .complexes import (
    degree_size_sequences,
    from_bipartite,
    is_simplicial,
    prune_included,
    to_bipartite,
)
from .datasets import dataset_names, load_dataset
from .homology import betti_numbers
from .io import parse_facet_list, read_facet_list, read_sequence, write_facet_list, write_sequence
from .realize import RealizationResult, realize
from .sample import SampleResult, sample, sample_ensemble, sample_sequences

__all__ = [
    "RealizationResult",
    "SampleResult",
    "betti_numbers",
    "dataset_names",
    "degree_size_sequences",
    "from_bipartite",
    "is_simplicial",
    "load_dataset",
    "parse_facet_list",
    "prune_included",
    "read_facet_list",
    "read_sequence",
    "realize",
    "sample",
    "sample_ensemble",
    "sample_sequences",
    "to_bipartite",
    "write_facet_list",
    "write_sequence",
]
