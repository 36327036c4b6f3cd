"""Instance files: JSON dictionaries describing a model and an optional constraint.

Keys follow the shared test vectors: ``model`` ("MNL", "MMNL", "CMMNL" for the customised
mixture, "NL", "MC"), prices ``r``, MNL weights ``v`` and ``v0``, mixture weights ``V``,
``V0`` and shares ``alpha``, nested-logit ``nests`` and ``dissimilarity``, Markov-chain
``lam`` and ``rho``, and ``constraint`` (``null``, ``"cardinality<=k"`` or a dict).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from cayley.errors import InputError

from ._base import ChoiceModel
from ._markov import MarkovChain
from ._mixed import CustomizedMixedMNL, MixedMNL
from ._mnl import MNL
from ._nested import NestedLogit

KINDS = ("MNL", "MMNL", "CMMNL", "NL", "MC")


def model_from_dict(data: dict) -> ChoiceModel:
    """Build a model from an instance dictionary.

    Examples
    --------
    >>> model_from_dict({"model": "MNL", "r": [10, 8], "v": [1, 1]}).revenue([0, 1])
    6.0
    """
    kind = data.get("model")
    try:
        if kind == "MNL":
            return MNL(data["r"], data["v"], data.get("v0", 1.0))
        if kind in ("MMNL", "CMMNL"):
            cls = CustomizedMixedMNL if kind == "CMMNL" else MixedMNL
            return cls(data["r"], data["V"], data.get("V0", 1.0), data["alpha"])
        if kind == "NL":
            return NestedLogit(data["r"], data["v"], data["nests"], data["dissimilarity"], data.get("v0", 1.0))
        if kind == "MC":
            return MarkovChain(data["r"], data["lam"], data["rho"])
    except KeyError as exc:
        raise InputError(f"instance of model {kind!r} lacks the key {exc.args[0]!r}") from None
    raise InputError(f"unknown model {str(kind)[:40]!r}; allowed: {', '.join(KINDS)}")


def model_to_dict(model: ChoiceModel) -> dict:
    """The instance dictionary of a model (inverse of :func:`model_from_dict`)."""
    r = model.prices.tolist()
    if isinstance(model, MNL):
        return {"model": "MNL", "r": r, "v": model.weights.tolist(), "v0": model.v0}
    if isinstance(model, MixedMNL):
        kind = "CMMNL" if isinstance(model, CustomizedMixedMNL) else "MMNL"
        return {"model": kind, "r": r, "V": model.weights.tolist(), "V0": model.v0.tolist(), "alpha": model.shares.tolist()}
    if isinstance(model, NestedLogit):
        return {"model": "NL", "r": r, "v": model.weights.tolist(), "nests": model.nests.tolist(), "dissimilarity": model.gamma.tolist(), "v0": model.v0}
    if isinstance(model, MarkovChain):
        return {"model": "MC", "r": r, "lam": model.arrival.tolist(), "rho": model.transition.tolist()}
    raise TypeError(f"cannot serialise {type(model).__name__}")


def load_instance(path: str | Path) -> tuple[ChoiceModel, object]:
    """Read an instance file; returns (model, constraint spec or None).

    Raises
    ------
    InputError
        The file is not a JSON object (the message names the file) or describes no valid
        model.
    OSError
        The file cannot be read.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a text file (byte {exc.start} is not UTF-8)") from None
    except ValueError as exc:  # JSONDecodeError, or an integer of more than 4300 digits
        raise InputError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: an instance file holds one JSON object")
    return model_from_dict(data), data.get("constraint")


def dumps_instance(model: ChoiceModel, constraint=None) -> str:
    """JSON text of an instance (constraint arrays become lists)."""
    data = model_to_dict(model)
    if isinstance(constraint, dict):
        constraint = {k: (np.asarray(v).tolist() if k == "costs" else v) for k, v in constraint.items()}
    data["constraint"] = constraint
    return json.dumps(data)
