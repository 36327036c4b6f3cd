"""The ranked BFS engine sharded over MPI ranks (mpi4py), for state spaces beyond one machine.

Two layouts, chosen by the graph:

* **By planes, two bits per state** (:mod:`cayley.bfs._sharded_planes`): generating sets
  with a rotation of positions (``lrx``, ``lx``, ``top_spin``, ...) at n >= 9, on at most n
  ranks. Each rank owns whole planes of the rotation hash and runs the single-process
  two-bit kernels on them; a dense layer exchanges only the planes its moves read (for lrx
  the two planes beside a rank's own), a sparse one the neighbours another rank owns.
* **By rank ranges, one byte per state** (this module's ``_Shard``), for every other graph
  with a perfect hash (prefix reversals, Schreier starts, more ranks than planes). Rank
  ``p`` of ``K`` owns the contiguous ranks ``[p*N//K, (p+1)*N//K)`` and one layer is

  1. expand the local frontier: unrank, apply the generators, rank; a neighbour this shard
     owns is marked at once, the others are bucketed by owning shard;
  2. send every bucket to its owner with one ``Alltoallv`` (offsets inside the owner's
     range, 4 bytes each while every shard holds fewer than 2**32 states, else 8);
  3. mark the received states, turn next into current, and ``Allreduce`` the layer size.

  The frontier is expanded in rounds of at most ``round_neighbours`` neighbours, each round
  one exchange, so the buffers stay small whatever the layer size.

Run it under ``mpiexec``::

    mpiexec -n 4 python -m cayley.bfs.distributed lrx 12

Without ``mpiexec`` it runs on one rank (mpi4py's singleton start). mpi4py is imported
only when a distributed search starts; it comes with the ``[distributed]`` extra.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from cayley import _checkpoint, _memory
from cayley.errors import (BackendUnavailableError, CheckpointError, CommandLineParser, MemoryBudgetError,
                           error_line, run_command)
from cayley.bfs._progress import LayerCallback, LayerProgress
from cayley.graph import CayleyGraph
from cayley.growth import GrowthResult

__all__ = ["add_distributed_flag", "distributed_growth", "is_root", "shard_bounds"]

def _mpi():
    """The ``mpi4py.MPI`` module, or a clear error naming the extra to install."""
    try:
        from mpi4py import MPI
    except ImportError as exc:
        raise BackendUnavailableError(
            "distributed growth needs mpi4py and an MPI library: "
            "pip install 'permlab[distributed]' (mpi4py, mpich)"
        ) from exc
    return MPI


def shard_bounds(size: int, n_shards: int) -> np.ndarray:
    """First rank of each shard, then ``size``: shard ``p`` owns ``[b[p], b[p+1])``.

    Examples
    --------
    >>> shard_bounds(10, 3).tolist()
    [0, 3, 6, 10]
    """
    if n_shards < 1:
        raise ValueError(f"n_shards must be >= 1, got {n_shards}")
    return np.asarray([p * size // n_shards for p in range(n_shards + 1)], dtype=np.int64)


def _check_int(name: str, value, least: int, none_ok: bool = False) -> None:
    """Raise ``ValueError`` unless ``value`` is an int >= ``least`` (or None when allowed)."""
    if value is None and none_ok:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        allowed = f"an int >= {least}" + (" or None" if none_ok else "")
        raise ValueError(f"{name} must be {allowed}, got {value!r}")


def _agree(comm, error: str | None, error_type: type[Exception] = ValueError) -> None:
    """Raise ``error_type`` on every rank when any rank found ``error`` (avoids hangs)."""
    errors = [e for e in comm.allgather(error) if e]
    if errors:
        raise error_type(errors[0])


class _ShardCheckpoint:
    """One shard's checkpoint: its codes after each of the last two layers and its record
    (:class:`cayley._checkpoint.CheckpointStore` with ``keep=2``).

    A rank that is killed can be at most one layer behind another (each layer ends with a
    collective), so the newest layer every shard has saved is always on disk.
    """

    def __init__(self, directory, graph: CayleyGraph, space, rank: int, n_ranks: int, engine: str) -> None:
        identity = {"fingerprint": graph.fingerprint(), "engine": engine, "hash": int(space.kind),
                    "state_space": space.description, "ranks": n_ranks}
        self.store = _checkpoint.CheckpointStore(directory, f"shard-{rank}-of-{n_ranks}", identity, keep=2)
        self.dir, self.n_ranks = self.store.dir, n_ranks

    def read(self) -> tuple[dict | None, str | None]:
        """The shard's record and an error message (wrong graph, damaged, other number of ranks)."""
        try:
            record = self.store.record()
        except CheckpointError as exc:
            return None, str(exc)
        if record is None:
            others = sorted({p.name[:-len(".json")].split("-of-")[1]
                             for p in self.dir.glob("shard-*-of-*.json")})
            if others:
                return None, (f"checkpoint in {self.dir} was written by {', '.join(others)} ranks; "
                              f"resume with that many (mpiexec -n {others[0]}), not {self.n_ranks}")
        return record, None

    def load_common(self, comm) -> _checkpoint.SavedLayer | None:
        """This shard's save of the newest layer every shard of ``comm`` saved (collective),
        or None when there is no checkpoint; raises :class:`~cayley.errors.CheckpointError`
        on every rank when a shard is damaged, missing or lacks that layer."""
        meta, error = self.read()
        _agree(comm, error, CheckpointError)
        have = comm.allgather(meta is not None)
        if not any(have):
            return None
        if not all(have):
            raise CheckpointError(f"checkpoint in {self.dir} lacks the shards of ranks "
                                  f"{[p for p, h in enumerate(have) if not h]}; cannot resume")
        layer = comm.allreduce(max(int(g) for g in meta["generations"]), op=_mpi().MIN)
        saved, error = None, None
        try:
            saved = self.store.load(layer)
        except CheckpointError as exc:
            error = str(exc)
        _agree(comm, error, CheckpointError)
        return saved

    def write(self, codes: np.ndarray, layer: int, record: dict) -> None:
        """Save the codes after ``layer``, then the record naming them."""
        self.store.save(layer, record, codes=codes)

    def close(self) -> None:
        self.store.close()


def distributed_growth(
    graph: CayleyGraph,
    comm=None,
    checkpoint: str | Path | None = None,
    max_layers: int | None = None,
    last_layer_limit: int = 1000,
    on_layer: LayerCallback | None = None,
    progress: bool | None = None,
    memory_limit: int | None = None,
    round_neighbours: int = 1 << 22,
    block_size: int = 1 << 16,
    stats: dict | None = None,
) -> GrowthResult:
    """Layer sizes of a BFS with the ranked engine sharded over the ranks of ``comm``.

    Call it on every rank of ``comm`` (it is collective). Every rank returns the same
    :class:`~cayley.GrowthResult`, identical in layer sizes and last layer to
    :func:`cayley.growth`.

    Parameters
    ----------
    graph : CayleyGraph
        Any graph the ranked engine handles (permutation states with a perfect hash).
    comm : mpi4py.MPI.Comm, optional
        Default ``MPI.COMM_WORLD``.
    checkpoint : path, optional
        Directory (shared, or node-local if every rank restarts on the same node) where each
        shard saves its codes after every layer; a later call with the same graph and the
        same number of ranks resumes from the newest layer all shards hold.
    max_layers, last_layer_limit, on_layer, progress, memory_limit
        As in :func:`cayley.growth`; ``on_layer`` is called on every rank with the global
        layer size, the progress bar shows on rank 0 only, ``memory_limit`` is per rank.
    round_neighbours : int
        Neighbours expanded per exchange round (bounds the buffers: about 16 bytes each).
    block_size : int
        States per block, a multiple of 8: blocks without current states are skipped, and
        rounds are made of whole blocks.
    stats : dict, optional
        Filled with ``ranks``, ``bytes_per_layer`` (bytes all ranks sent in each layer's
        exchanges, from layer 1 on), ``rounds_per_layer``, ``peak_bytes_per_rank``,
        ``resumed_from`` (the checkpointed layer it resumed from, or None) and, sharded by
        planes, ``dense_per_layer`` (plane passes, from layer 1 on; for a resumed run those
        since the resume) and ``seconds_per_rank`` (each rank's seconds in halo exchanges,
        plane moves, turns, sparse layers, settling and waiting for the others; else None).

    Returns
    -------
    GrowthResult
        ``peak_memory_bytes`` is the largest per-rank working set (codes plus buffers).

    Examples
    --------
    Needs mpi4py (the ``[distributed]`` extra); tests/distributed runs it on 1 to 4 ranks.

    >>> from cayley import CayleyGraph, growth
    >>> g = CayleyGraph.from_family("lx", 5)
    >>> distributed_growth(g).layer_sizes == growth(g).layer_sizes  # doctest: +SKIP
    True
    """
    if not isinstance(graph, CayleyGraph):
        raise TypeError(f"graph must be a CayleyGraph, got {type(graph).__name__}")
    _check_int("max_layers", max_layers, 0, none_ok=True)
    _check_int("last_layer_limit", last_layer_limit, 0)
    _check_int("round_neighbours", round_neighbours, 1)
    _check_int("block_size", block_size, 8)
    if block_size % 8:
        raise ValueError(f"block_size must be a multiple of 8, got {block_size}")
    from cayley.bfs import _sharded_planes
    from cayley.bfs._state_space import ranked_space_for

    space = ranked_space_for(graph)
    if space is None:
        raise ValueError("distributed growth uses the ranked engine, which needs a perfect hash: "
                         "permutation states of degree <= 20 with fewer than 2**62 states")
    MPI = _mpi()
    comm = MPI.COMM_WORLD if comm is None else comm
    t_start = time.perf_counter()
    plane_space, moves = _sharded_planes.plane_space(graph)
    if _sharded_planes.applies(plane_space, moves, comm.Get_size()):
        space = plane_space
        shard = _sharded_planes.PlaneShard(graph, space, moves, comm, round_neighbours)
        engine = "ranked, sharded by planes, two bits per state"
    else:
        shard = _Shard(graph, space, comm, round_neighbours, block_size)
        engine = "ranked, sharded"
    error = None
    try:
        _memory.require(shard.estimate_bytes(), f"shard {comm.Get_rank()} of a distributed BFS "
                        f"over {space.size} states", memory_limit)
    except MemoryError as exc:
        error = str(exc)
    errors = [e for e in comm.allgather(error) if e]
    if errors:
        raise MemoryBudgetError(errors[0])
    store = None
    if checkpoint is not None:
        error = None
        try:
            store = _ShardCheckpoint(checkpoint, graph, space, comm.Get_rank(), comm.Get_size(), engine)
        except (CheckpointError, OSError) as exc:
            error = error_line(exc)
        _agree(comm, error, CheckpointError)
    report = LayerProgress(on_layer, progress if comm.Get_rank() == 0 else False, space.size)
    try:
        complete = shard.run(store, max_layers, report)
    finally:
        report.close()
        if store is not None:
            store.close()
    last, last_complete = shard.last_layer(last_layer_limit)
    if stats is not None:
        stats.update(ranks=comm.Get_size(), bytes_per_layer=shard.bytes_per_layer[1:],
                     rounds_per_layer=shard.rounds_per_layer[1:],
                     peak_bytes_per_rank=comm.allgather(shard.peak_bytes), resumed_from=shard.resumed_from,
                     seconds_per_rank=comm.allgather(getattr(shard, "seconds", None)),
                     dense_per_layer=getattr(shard, "dense_per_layer", None))
    label = f"{graph.family} n={graph.family_n}" if graph.family else f"{graph.n_generators} generators"
    return GrowthResult(
        layer_sizes=[int(s) for s in shard.layer_sizes],
        last_layer=graph.symbols[last],
        last_layer_complete=last_complete,
        complete=complete,
        engine="ranked",
        backend="numba",
        state_space=shard.description,
        seconds=time.perf_counter() - t_start,
        peak_memory_bytes=max(comm.allgather(shard.peak_bytes)),
        layer_seconds=[float(s) for s in shard.layer_seconds],
        graph=label,
    )


class _Shard:
    """One rank's slice of the state codes and the layer loop over it."""

    def __init__(self, graph: CayleyGraph, space, comm, round_neighbours: int, block_size: int) -> None:
        from cayley.bfs import _ranked_cpu, _sharded_cpu

        self.k, self.sk = _ranked_cpu, _sharded_cpu
        self.graph, self.space, self.comm = graph, space, comm
        self.rank, self.n_ranks = comm.Get_rank(), comm.Get_size()
        self.bounds = shard_bounds(space.size, self.n_ranks)
        self.lo = int(self.bounds[self.rank])
        self.own = int(self.bounds[self.rank + 1]) - self.lo
        self.block = block_size
        self.padded = max(8, -(-self.own // 8) * 8)
        self.n_blocks = -(-self.padded // block_size)
        widest = int(np.diff(self.bounds).max())
        self.wire = np.uint32 if widest <= 2**32 else np.int64
        self.gens = np.ascontiguousarray(graph.generators, dtype=np.int64)
        self.windows = _ranked_cpu.moved_windows(self.gens)
        self.round_states = max(1, round_neighbours // self.gens.shape[0])
        self.codes = None
        self.layer_sizes: list[int] = []
        self.layer_seconds: list[float] = []
        self.bytes_per_layer: list[int] = []
        self.rounds_per_layer: list[int] = []
        self.peak_bytes = 0
        self.resumed_from: int | None = None

    def estimate_bytes(self) -> int:
        """Codes, block bookkeeping and the largest exchange buffers of one round."""
        neighbours = self.round_states * self.gens.shape[0] + self.block * self.gens.shape[0]
        return self.padded + self.n_blocks * 24 + neighbours * (8 + 2 * np.dtype(self.wire).itemsize)

    # ------------------------------------------------------------------ set-up and resume
    def _start_fresh(self) -> None:
        self.codes = np.zeros(self.padded, dtype=np.uint8)
        self.codes[self.own:] = self.k.VISITED
        start = int(self.space.rank(self.graph.start_codes[None, :])[0])
        if self.lo <= start < self.lo + self.own:
            self.codes[start - self.lo] = self.k.CURRENT
        self.layer_sizes, self.layer_seconds = [1], [0.0]
        self.bytes_per_layer, self.rounds_per_layer = [0], [0]

    def _resume(self, store: _ShardCheckpoint) -> bool:
        """Load the newest layer every shard saved, checked on every shard before any of them
        goes on (all raise together); False when there is no checkpoint."""
        saved = store.load_common(self.comm)
        if saved is None:
            return False
        layer = saved.generation
        error = None
        try:
            self.layer_sizes = saved.record["layer_sizes"][:layer + 1]
            self.codes = self._checked_codes(saved.arrays.get("codes"), store)
        except CheckpointError as exc:
            error = str(exc)
        _agree(self.comm, error, CheckpointError)
        # the shards' counts must add up to the saved layers
        current, seen = self.comm.allreduce(
            np.asarray([np.count_nonzero(self.codes[:self.own] == self.k.CURRENT),
                        np.count_nonzero(self.codes[:self.own] == self.k.VISITED)], dtype=np.int64), op=_mpi().SUM)
        if current != self.layer_sizes[-1] or current + seen != sum(self.layer_sizes):
            raise CheckpointError(f"checkpoint in {store.dir} is damaged: its shards hold {current} current and "
                                  f"{current + seen} found states where its layers say {self.layer_sizes[-1]} and "
                                  f"{sum(self.layer_sizes)}; delete it to start afresh")
        self.resumed_from = layer
        keep = layer + 1
        self.layer_seconds = saved.record["layer_seconds"][:keep]
        self.bytes_per_layer = saved.record["bytes_per_layer"][:keep]
        self.rounds_per_layer = saved.record["rounds_per_layer"][:keep]
        return True

    def _checked_codes(self, codes, store: _ShardCheckpoint) -> np.ndarray:
        """This shard's saved codes, if they have its size, no next states and visited padding."""
        if codes is None or codes.dtype != np.uint8 or codes.shape != (self.padded,):
            raise store.store.damaged(f"shard {self.rank}'s codes are not {self.padded} bytes")
        if (codes == self.k.NEXT).any() or (codes > self.k.VISITED).any() or \
                not (codes[self.own:] == self.k.VISITED).all():
            raise store.store.damaged(f"shard {self.rank}'s codes are not those of a finished layer")
        return codes

    # ------------------------------------------------------------------ the layer loop
    @property
    def description(self) -> str:
        return f"{self.space.description}, sharded over {self.n_ranks} MPI ranks"

    def run(self, store: _ShardCheckpoint | None, max_layers: int | None, report: LayerProgress) -> bool:
        """Grow layer by layer, saving each layer in ``store`` (or None); returns False when
        stopped by ``max_layers``."""
        if store is None or not self._resume(store):
            self._start_fresh()
            report(0, 1, 0.0)
        counts = self.sk.current_per_block(self.codes, self.block)
        active = np.flatnonzero(counts).astype(np.int64)
        active_counts = counts[active]
        self.peak_bytes = self.codes.nbytes + self.n_blocks * 24
        MPI = _mpi()
        while True:
            if max_layers is not None and len(self.layer_sizes) > max_layers:
                return False
            t0 = time.perf_counter()
            touched = np.zeros(self.n_blocks, dtype=np.bool_)
            sent, rounds = self._expand_layer(active, active_counts, touched)
            if not self.comm.allreduce(bool(touched.any()), op=MPI.LOR):
                return True
            blocks = np.union1d(active, np.flatnonzero(touched)).astype(np.int64)
            counts = np.zeros(blocks.shape[0], dtype=np.int64)
            self.sk.advance_blocks(self.codes, blocks, self.block, counts)
            active, active_counts = blocks[counts > 0], counts[counts > 0]
            size = self.comm.allreduce(int(active_counts.sum()), op=MPI.SUM)
            end_layer(self, store, report, self.codes, {"bounds": [self.lo, self.lo + self.own]}, size,
                      time.perf_counter() - t0, sent, rounds)

    def _rounds(self, active: np.ndarray, active_counts: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Split the active blocks into rounds of about ``round_states`` current states."""
        rounds, first, total = [], 0, 0
        for i, c in enumerate(active_counts.tolist()):
            if total and total + c > self.round_states:
                rounds.append((active[first:i], active_counts[first:i]))
                first, total = i, 0
            total += c
        if total:
            rounds.append((active[first:], active_counts[first:]))
        return rounds

    def _expand_layer(self, active, active_counts, touched) -> tuple[int, int]:
        """All exchange rounds of one layer; returns (bytes this rank sent, rounds)."""
        MPI = _mpi()
        mine = self._rounds(active, active_counts)
        n_rounds = self.comm.allreduce(len(mine), op=MPI.MAX)
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        wire_type = MPI.UINT32_T if self.wire is np.uint32 else MPI.INT64_T
        n_gens = self.gens.shape[0]
        sent = 0
        for r in range(n_rounds):
            blocks, counts = mine[r] if r < len(mine) else empty
            slots = np.zeros(blocks.shape[0] + 1, dtype=np.int64)
            np.cumsum(counts * n_gens, out=slots[1:])
            remote = np.empty(int(slots[-1]), dtype=np.int64)
            written = np.zeros(blocks.shape[0], dtype=np.int64)
            self.sk.expand_round(self.codes, self.lo, self.own, blocks, slots[:-1], self.block, self.gens,
                                 self.windows, self.space.kind, self.space.tables, touched, remote, written)
            out = np.empty(int(written.sum()), dtype=self.wire)
            send_counts = self.sk.bucket_by_owner(remote, slots[:-1], written, self.bounds, out)
            recv_counts = np.empty(self.n_ranks, dtype=np.int64)
            self.comm.Alltoall(send_counts, recv_counts)
            received = np.empty(int(recv_counts.sum()), dtype=self.wire)
            self.comm.Alltoallv([out, (send_counts, _displacements(send_counts)), wire_type],
                                [received, (recv_counts, _displacements(recv_counts)), wire_type])
            self.sk.mark_received(self.codes, received, self.block, touched)
            sent += out.nbytes
            buffers = remote.nbytes + out.nbytes + received.nbytes
            self.peak_bytes = max(self.peak_bytes, self.codes.nbytes + self.n_blocks * 24 + buffers)
        return sent, n_rounds

    def last_layer(self, limit: int) -> tuple[np.ndarray, bool]:
        """Up to ``limit`` states of the last layer in rank order, gathered on every rank."""
        from cayley.bfs._two_bit_cpu import unrank_many

        local = []
        found = 0
        for b in np.flatnonzero(self.sk.current_per_block(self.codes, self.block)):
            if found >= limit:
                break
            start = int(b) * self.block
            idx = np.flatnonzero(self.codes[start:start + self.block] == self.k.CURRENT)[: limit - found]
            local.append(idx + start + self.lo)
            found += idx.shape[0]
        ranks = np.concatenate(local).astype(np.int64) if local else np.zeros(0, dtype=np.int64)
        states = unrank_many(ranks, self.space.kind, self.space.tables, self.graph.degree)
        gathered = [s for s in self.comm.allgather(states) if s.shape[0]]
        n = self.graph.degree
        last = np.concatenate(gathered)[:limit] if gathered else np.zeros((0, n), dtype=np.int64)
        return last, self.layer_sizes[-1] <= limit


def end_layer(shard, store: _ShardCheckpoint | None, report: LayerProgress, codes: np.ndarray, record: dict,
              size: int, seconds: float, sent: int, rounds: int) -> None:
    """Append a finished layer to ``shard``'s lists, save ``codes`` and the record (every
    rank raises together when one cannot save), and report it."""
    MPI = _mpi()
    shard.layer_sizes.append(size)
    shard.layer_seconds.append(seconds)
    shard.bytes_per_layer.append(shard.comm.allreduce(sent, op=MPI.SUM))
    shard.rounds_per_layer.append(rounds)
    if store is not None:
        error = None
        try:
            store.write(codes, len(shard.layer_sizes) - 1, {
                **record, "layer_sizes": shard.layer_sizes, "layer_seconds": shard.layer_seconds,
                "bytes_per_layer": shard.bytes_per_layer, "rounds_per_layer": shard.rounds_per_layer})
        except OSError as exc:  # every rank stops, none waits for it
            error = f"shard {shard.rank} could not save its checkpoint: {error_line(exc)}"
        _agree(shard.comm, error, CheckpointError)
    report(len(shard.layer_sizes) - 1, size, seconds)


def _displacements(counts: np.ndarray) -> np.ndarray:
    out = np.zeros_like(counts)
    np.cumsum(counts[:-1], out=out[1:])
    return out


# ---------------------------------------------------------------------- command line
def is_root(comm=None) -> bool:
    """True on rank 0 of ``comm`` (default ``MPI.COMM_WORLD``): the rank that prints."""
    return (_mpi().COMM_WORLD if comm is None else comm).Get_rank() == 0


def add_distributed_flag(parser: argparse.ArgumentParser) -> None:
    """Add ``--distributed`` to a ``growth`` sub-command parser.

    With the flag, the command should call :func:`distributed_growth` instead of
    ``growth`` and print on rank 0 only (see :func:`main`).

    Examples
    --------
    >>> p = argparse.ArgumentParser(); add_distributed_flag(p)
    >>> p.parse_args(["--distributed"]).distributed
    True
    """
    parser.add_argument("--distributed", action="store_true",
                        help="shard the ranked engine over MPI ranks (run under mpiexec; "
                             "needs the [distributed] extra)")


def main(argv: list[str] | None = None) -> int:
    """``mpiexec -n K python -m cayley.bfs.distributed FAMILY N [--start S] [--checkpoint DIR]``."""
    parser = CommandLineParser(prog="python -m cayley.bfs.distributed",
                               description="Growth of a Cayley graph with the ranked engine sharded over "
                                           "MPI ranks; run it under mpiexec.")
    parser.add_argument("family", help="a family name (see python -m cayley families)")
    parser.add_argument("n", type=int, help="the family's size parameter")
    parser.add_argument("--start", default=None, help="start state, e.g. 0101010101 (Schreier graph)")
    parser.add_argument("--checkpoint", default=None, metavar="DIR",
                        help="directory saved after every layer; the same command resumes from it")
    parser.add_argument("--max-layers", type=int, default=None, help="stop after this distance")
    parser.add_argument("--json", action="store_true", help="print one JSON object (rank 0)")
    args = parser.parse_args(argv)
    return run_command(args, _run_main)


def _run_main(args: argparse.Namespace) -> int:
    graph = CayleyGraph.from_family(args.family, args.n, start=args.start)
    stats: dict = {}
    result = distributed_growth(graph, checkpoint=args.checkpoint, max_layers=args.max_layers, stats=stats)
    if is_root():
        if args.json:
            print(json.dumps({"layer_sizes": result.layer_sizes, "diameter": result.diameter,
                              "order": result.order, "complete": result.complete,
                              "seconds": result.seconds, "last_layer": result.last_layer.tolist(),
                              **stats}))
        else:
            print(f"{result.graph}: {result.state_space}")
            for d, size in enumerate(result.layer_sizes):
                print(f"{d:>8} {size:>16}")
            print(f"order {result.order}, diameter {result.diameter}, {result.seconds:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
