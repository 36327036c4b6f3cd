"""Combinatorial structures built on the permlab core: simplicial complexes with prescribed
degree and facet-size sequences (realizability, construction, sampling).

Examples
--------
>>> from combinat import realize
>>> realize([2, 2, 2], [2, 2, 2]).status
'realizable'
"""
from combinat.simplicial import (
    RealizationResult,
    SampleResult,
    betti_numbers,
    dataset_names,
    degree_size_sequences,
    from_bipartite,
    is_simplicial,
    load_dataset,
    parse_facet_list,
    prune_included,
    read_facet_list,
    read_sequence,
    realize,
    sample,
    sample_sequences,
    to_bipartite,
    write_facet_list,
    write_sequence,
)

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
    "sample_sequences",
    "to_bipartite",
    "write_facet_list",
    "write_sequence",
]
