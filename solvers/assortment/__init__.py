"""Assortment optimisation under customer choice models.

Choice models (MNL, nested logit, mixed MNL, customised mixed MNL, Markov chain) give
vectorised revenues and choice probabilities; :func:`optimize` chooses the best assortment
with exact methods (revenue-ordered, parametric/StaticMNL-style search, sales LP, Markov-chain
LP, mixed-MNL MIP, brute force), ADXOpt, or the submodular-order threshold greedy on the
monotone closure.  See ``docs/assortment.md``.
"""
from ._base import ChoiceModel
from ._batch import optimize_many
from ._closure import SegmentClosure
from ._exact_mnl import parametric_mnl, sales_lp
from ._generators import random_markov_chain, random_mixed_mnl, random_mnl
from ._heuristics import adxopt, brute_force, revenue_ordered
from ._io import load_instance, model_from_dict, model_to_dict
from ._markov import MarkovChain, markov_lp
from ._mip import mixed_mnl_mip
from ._mixed import CustomizedMixedMNL, MixedMNL
from ._mnl import MNL
from ._nested import NestedLogit
from ._optimize import METHODS, closure_of, optimize, segment_bound
from ._result import AssortmentResult
from ._validate import Constraint, as_constraint

__all__ = [
    "AssortmentResult",
    "ChoiceModel",
    "Constraint",
    "CustomizedMixedMNL",
    "METHODS",
    "MNL",
    "MarkovChain",
    "MixedMNL",
    "NestedLogit",
    "SegmentClosure",
    "adxopt",
    "as_constraint",
    "brute_force",
    "closure_of",
    "load_instance",
    "markov_lp",
    "mixed_mnl_mip",
    "model_from_dict",
    "model_to_dict",
    "optimize",
    "optimize_many",
    "parametric_mnl",
    "random_markov_chain",
    "random_mixed_mnl",
    "random_mnl",
    "revenue_ordered",
    "sales_lp",
    "segment_bound",
]
