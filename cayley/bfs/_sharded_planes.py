"""The sharded two-bit engine: every MPI rank owns whole planes of the rotation hash.

Under the rotation hashes (``lrx``, ``top_spin`` and every generating set with a rotation of
positions) the states are ``n`` planes of equal size, and the single-process two-bit engine
(:mod:`cayley.bfs._two_bit`) computes a dense layer plane by plane: destination plane ``d``
reads the current states of the source planes of the moves into ``d`` (a rotation: the
planes beside it; a window move: ``d`` itself; a turn: one fixed plane). Rank ``p`` of ``K``
owns the contiguous planes ``[b[p], b[p+1])`` (:func:`cayley.bfs.distributed.shard_bounds`
over the planes) and keeps, after its own planes, a *halo* copy of every other plane that a
move into its planes reads. One layer is then

* dense: every rank sends the planes that others hold in their halo (each one whole, the
  only bytes that cross a shard), then runs the single-process kernels
  (:func:`cayley.bfs._two_bit_cpu.expand_planes`, :func:`~cayley.bfs._two_bit_cpu.push_turns`)
  on its own planes, with the moves renumbered to its local planes (:func:`local_moves`);
* sparse (the first and last layers): every rank ranks the neighbours of its current
  states, sends each to the rank owning its plane (one ``Alltoallv`` per round of at most
  ``round_neighbours``), and marks the received ones (:func:`cayley.bfs._sharded_cpu.mark_unseen`);

and an ``Allreduce`` of the layer size. The codes and the choice between the two kinds of
layer are the single-process engine's, so the layers are identical to :func:`cayley.growth`.
Each shard checkpoints its own planes after every layer (two generations kept: a killed rank
is at most one layer behind the others), and a resumed run checks every shard's counts
against the saved layers before it goes on.
"""
from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np
from cayley.bfs import _sharded_cpu, _tuning
from cayley.bfs import _two_bit_cpu as kernels
from cayley.bfs._planes_cpu import PlaneMoves, TailTurns
from cayley.bfs._progress import LayerProgress
from cayley.bfs._ranked_cpu import CURRENT, NEXT, ROTATION, ROTATION_EVEN, VISITED
from cayley.bfs._state_space import RankedSpace
from cayley.errors import CheckpointError, error_line

CHUNK_SHIFT = _tuning.TWO_BIT_CHUNK_SHIFT  # states per chunk of the settling passes, a power of two


class ShardPlan(NamedTuple):
    """Which planes each rank owns and holds as a halo.

    ``bounds[p]:bounds[p + 1]`` are the planes rank ``p`` owns; ``halos[p]`` the other planes
    it reads (sorted), stored after its own planes in that order.
    """

    bounds: np.ndarray
    halos: tuple

    def owner(self, plane: int) -> int:
        """The rank that owns ``plane``."""
        return int(np.searchsorted(self.bounds, plane, side="right") - 1)

    def sends(self, rank: int) -> list[tuple[int, int, int]]:
        """(destination rank, plane, slot there) of every plane ``rank`` sends each dense layer."""
        out = []
        for q, halo in enumerate(self.halos):
            own_q = int(self.bounds[q + 1] - self.bounds[q])
            for i, plane in enumerate(halo):
                if self.bounds[rank] <= plane < self.bounds[rank + 1]:
                    out.append((q, int(plane), own_q + i))
        return out

    def receives(self, rank: int) -> list[tuple[int, int, int]]:
        """(source rank, plane, local slot) of every halo plane of ``rank``."""
        own = int(self.bounds[rank + 1] - self.bounds[rank])
        return [(self.owner(plane), int(plane), own + i) for i, plane in enumerate(self.halos[rank])]


def plane_space(graph) -> tuple[RankedSpace | None, PlaneMoves | None]:
    """The rotation space of ``graph`` and its plane moves; (None, None) without a rotation
    hash, and (space, None) where its planes are too small for plane passes (n < 9)."""
    from cayley.bfs._state_space import ranked_space_for, rotation_space_for

    space = ranked_space_for(graph)
    if space is None:
        return None, None
    space = rotation_space_for(graph, space)
    if space.kind not in (ROTATION, ROTATION_EVEN):
        return None, None
    return space, kernels.plane_moves(space.kind, graph.degree, space.tables)


def applies(space: RankedSpace | None, moves: PlaneMoves | None, n_ranks: int) -> bool:
    """Whether the plane-sharded engine runs this space on ``n_ranks`` ranks: a rotation
    hash with plane moves, and at least one plane per rank."""
    return (space is not None and space.kind in (ROTATION, ROTATION_EVEN) and moves is not None
            and n_ranks <= moves.first.shape[0] - 1)


def plan(moves: PlaneMoves, n_ranks: int) -> ShardPlan:
    """Contiguous planes per rank, of about equal work, and the halo each needs.

    A plane's work is one unit for its plane moves plus ``_tuning.SHARD_TURN_WEIGHT`` for
    each turn into it (ranked state by state; ``SHARD_TURN_WEIGHT_CACHED`` for planes that
    fit the caches); every rank gets at least one plane.

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> space, moves = plane_space(CayleyGraph.from_family("lrx", 10))
    >>> p = plan(moves, 2)
    >>> p.bounds.tolist(), [h.tolist() for h in p.halos]  # X turns into planes 0 and 1
    ([0, 3, 10], [[3, 9], [0, 2]])
    """
    n_planes = moves.first.shape[0] - 1
    edges = [moves.moves[:, :2]] + [turns.planes for turns in moves.turns]
    edges = np.concatenate([e.reshape(-1, 2) for e in edges])
    cached = moves.plane // 4 <= _tuning.SHARD_CACHED_PLANE_BYTES
    turn_weight = _tuning.SHARD_TURN_WEIGHT_CACHED if cached else _tuning.SHARD_TURN_WEIGHT
    work = np.ones(n_planes)
    for turns in moves.turns:
        np.add.at(work, turns.planes[:, 1], turn_weight)
    done = np.cumsum(work)
    bounds = [0]
    for p in range(1, n_ranks):
        cut = int(np.searchsorted(done, done[-1] * p / n_ranks, side="left")) + 1  # first plane past the share
        if cut > 1 and abs(done[cut - 2] - done[-1] * p / n_ranks) < abs(done[cut - 1] - done[-1] * p / n_ranks):
            cut -= 1
        bounds.append(min(max(cut, bounds[-1] + 1), n_planes - (n_ranks - p)))
    bounds = np.asarray(bounds + [n_planes], dtype=np.int64)
    halos = []
    for p in range(n_ranks):
        lo, hi = bounds[p], bounds[p + 1]
        into = edges[(edges[:, 1] >= lo) & (edges[:, 1] < hi), 0]
        halos.append(np.unique(into[(into < lo) | (into >= hi)]).astype(np.int64))
    return ShardPlan(bounds, tuple(halos))


class LocalMoves(NamedTuple):
    """The moves into one rank's own planes, with planes numbered by local slot (own planes
    first, then the halo): the arguments of the single-process plane kernels."""

    moves: np.ndarray
    first: np.ndarray
    turns: tuple


def local_moves(moves: PlaneMoves, shard_plan: ShardPlan, rank: int) -> LocalMoves:
    """:class:`LocalMoves` of ``rank``: the rows of ``moves`` (and of its turns) whose
    destination plane ``rank`` owns, renumbered to local slots."""
    lo, hi = int(shard_plan.bounds[rank]), int(shard_plan.bounds[rank + 1])
    slot = np.full(moves.first.shape[0] - 1, -1, dtype=np.int64)
    slot[lo:hi] = np.arange(hi - lo)
    slot[shard_plan.halos[rank]] = hi - lo + np.arange(len(shard_plan.halos[rank]))
    rows = moves.moves[(moves.moves[:, 1] >= lo) & (moves.moves[:, 1] < hi)].copy()
    rows[:, 0], rows[:, 1] = slot[rows[:, 0]], slot[rows[:, 1]]
    rows = rows[np.argsort(rows[:, 1], kind="stable")]
    first = np.searchsorted(rows[:, 1], np.arange(hi - lo + 1)).astype(np.int64)
    turns = []
    for t in moves.turns:
        keep = np.flatnonzero((t.planes[:, 1] >= lo) & (t.planes[:, 1] < hi))
        if keep.shape[0] == 0:
            continue
        planes = slot[t.planes[keep]]
        order = np.argsort(planes[:, 0], kind="stable")
        keep, planes = keep[order], planes[order]
        sources = np.unique(planes[:, 0])
        first_turn = np.searchsorted(planes[:, 0], np.append(sources, planes[-1, 0] + 1)).astype(np.int64)
        turns.append(TailTurns(sources, first_turn, np.ascontiguousarray(planes), t.order[keep], t.spread[keep],
                               t.weights[keep], t.low[keep], t.masks, t.tail_table, t.block))
    return LocalMoves(np.ascontiguousarray(rows), first, tuple(turns))


class PlaneShard:
    """One rank's planes and the layer loop over them (module docstring)."""

    def __init__(self, graph, space: RankedSpace, moves: PlaneMoves, comm, round_neighbours: int) -> None:
        from cayley.bfs import _two_bit

        self.graph, self.space, self.moves, self.comm = graph, space, moves, comm
        self.rank, self.n_ranks = comm.Get_rank(), comm.Get_size()
        self.plan = plan(moves, self.n_ranks)
        self.local = local_moves(moves, self.plan, self.rank)
        self.first_plane = int(self.plan.bounds[self.rank])
        self.own_planes = int(self.plan.bounds[self.rank + 1]) - self.first_plane
        self.plane_words = moves.plane >> kernels.WORD_SHIFT
        self.own_words = self.own_planes * self.plane_words
        self.slots = self.own_planes + len(self.plan.halos[self.rank])
        self.gens = np.ascontiguousarray(graph.generators, dtype=np.int64)
        self.round_states = max(1, round_neighbours // self.gens.shape[0])
        self.dense_share = _two_bit._dense_share(moves, self.gens.shape[0], False)
        self.owner_of_plane = np.repeat(np.arange(self.n_ranks, dtype=np.int64), np.diff(self.plan.bounds))
        self.owner_lo = self.plan.bounds[:-1] * moves.plane
        self.codes: np.ndarray | None = None
        self.code, self.settled, self.local_current = CURRENT, True, 0
        self.current: np.ndarray | None = None  # local ranks of the current layer, between sparse layers
        self.found: np.ndarray | None = None  # local ranks a sparse layer marked NEXT
        self.layer_sizes: list[int] = []
        self.layer_seconds: list[float] = []
        self.bytes_per_layer: list[int] = []
        self.rounds_per_layer: list[int] = []
        self.resumed_from: int | None = None
        self.peak_bytes = 0
        self.dense_per_layer: list[bool] = []  # from layer 1 on: whether it was a plane pass
        self.seconds = {"halo": 0.0, "planes": 0.0, "turns": 0.0, "sparse": 0.0, "settle": 0.0, "wait": 0.0}

    def estimate_bytes(self) -> int:
        """Own and halo planes, the moves' tables, the largest sparse round's buffers and
        the lists of a sparse layer (at most the dense share of the states, and the
        neighbours it finds)."""
        rounds = self.round_states * self.gens.shape[0] * 8 * 3 + self.round_states * 8
        lists = 8 * int(self.dense_share * self.space.size) * (1 + self.gens.shape[0])
        return self.slots * self.plane_words * 8 + self.moves.nbytes + rounds + lists

    @property
    def description(self) -> str:
        return (f"{self.space.description}, two bits per state, sharded over {self.n_ranks} MPI ranks "
                f"by planes ({self.own_planes} own + {len(self.plan.halos[self.rank])} halo on rank {self.rank})")

    # ------------------------------------------------------------------ set-up and resume
    def start_fresh(self) -> None:
        self.codes = np.empty(self.slots * self.plane_words, dtype=np.uint64)
        self.codes.fill(0)  # every page now, not at the first plane pass
        start = int(self.space.rank(self.graph.start_codes[None, :])[0]) - self.first_plane * self.moves.plane
        owned = 0 <= start < self.own_planes * self.moves.plane
        self.current = np.asarray([start] if owned else [], dtype=np.int64)
        kernels.set_codes(self.codes, self.current, CURRENT)
        self.local_current = int(owned)
        self.code, self.settled = CURRENT, True
        self.layer_sizes, self.layer_seconds = [1], [0.0]
        self.bytes_per_layer, self.rounds_per_layer = [0], [0]

    def resume(self, store) -> bool:
        """Load the newest layer every shard saved and check it on all of them; False when
        there is no checkpoint (see :meth:`cayley.bfs.distributed._Shard._resume`)."""
        from cayley.bfs.distributed import _agree, _mpi

        saved = store.load_common(self.comm)
        if saved is None:
            return False
        layer = saved.generation
        error = None
        try:
            own = saved.arrays.get("codes")
            if own is None or own.dtype != np.uint64 or own.shape != (self.own_words,):
                raise store.store.damaged(f"shard {self.rank}'s codes are not {self.own_words} words")
            record = saved.record
            self.codes = np.zeros(self.slots * self.plane_words, dtype=np.uint64)
            self.codes[:self.own_words] = own
            self.layer_sizes = record["layer_sizes"][:layer + 1]
            self.layer_seconds = record["layer_seconds"][:layer + 1]
            self.bytes_per_layer = record["bytes_per_layer"][:layer + 1]
            self.rounds_per_layer = record["rounds_per_layer"][:layer + 1]
            self.code, self.settled = int(record["code"]), bool(record["settled"])
        except (CheckpointError, KeyError, TypeError) as exc:
            error = error_line(exc)
        _agree(self.comm, error, CheckpointError)
        counts = kernels.count_codes(self.codes[:self.own_words])
        other = CURRENT + NEXT - self.code
        self.local_current = int(counts[self.code])
        found = self.comm.allreduce(np.asarray([counts[self.code], counts[self.code] + counts[VISITED] + counts[other],
                                                counts[other]], dtype=np.int64), op=_mpi().SUM).tolist()
        expected = [self.layer_sizes[-1], sum(self.layer_sizes), 0 if self.settled else self.layer_sizes[-2]]
        if found != expected:
            raise CheckpointError(f"checkpoint in {store.dir} is damaged: its shards hold {found[0]} current, "
                                  f"{found[1]} found and {found[2]} states of the layer before where its layers "
                                  f"say {expected}; delete it to start afresh")
        self.resumed_from = layer
        return True

    # ------------------------------------------------------------------ the layer loop
    def run(self, store, max_layers: int | None, report: LayerProgress) -> bool:
        """Grow layer by layer, saving each layer in ``store`` (a
        :class:`cayley.bfs.distributed._ShardCheckpoint`, or None); returns False when
        stopped by ``max_layers``."""
        from cayley.bfs.distributed import _mpi, end_layer

        MPI = _mpi()
        if store is None or not self.resume(store):
            self.start_fresh()
            report(0, 1, 0.0)
        self.peak_bytes = self.estimate_bytes()
        while True:
            if max_layers is not None and len(self.layer_sizes) > max_layers:
                return False
            t0 = time.perf_counter()
            dense = self.layer_sizes[-1] > self.dense_share * self.space.size  # no pulls: a push costs the layer
            local, sent, rounds = self._dense_layer() if dense else self._sparse_layer()
            t1 = time.perf_counter()
            size = self.comm.allreduce(local, op=MPI.SUM)
            self.seconds["wait"] += time.perf_counter() - t1
            if size == 0:
                return True
            self._close_layer(dense)
            self.local_current = local
            self.dense_per_layer.append(dense)
            end_layer(self, store, report, self.codes[:self.own_words],
                      {"planes": [self.first_plane, self.first_plane + self.own_planes], "code": self.code,
                       "settled": self.settled}, size, time.perf_counter() - t0, sent, rounds)

    def _exchange_halo(self) -> int:
        """Send my planes that others read, receive my halo planes; returns bytes sent."""
        from cayley.bfs.distributed import _mpi

        MPI = _mpi()
        requests, sent = [], 0
        plane_words, lo = self.plane_words, self.first_plane
        for q, plane, _ in self.plan.sends(self.rank):
            view = self.codes[(plane - lo) * plane_words:(plane - lo + 1) * plane_words]
            requests.append(self.comm.Isend([view, MPI.UINT64_T], dest=q, tag=plane))
            sent += view.nbytes
        for q, plane, slot in self.plan.receives(self.rank):
            view = self.codes[slot * plane_words:(slot + 1) * plane_words]
            requests.append(self.comm.Irecv([view, MPI.UINT64_T], source=q, tag=plane))
        MPI.Request.Waitall(requests)
        return sent

    def _dense_layer(self) -> tuple[int, int, int]:
        """A plane pass over my planes: (new states here, bytes sent, exchanges)."""
        from cayley.bfs._two_bit import settling

        t0 = time.perf_counter()
        sent = self._exchange_halo()
        t1 = time.perf_counter()
        self.seconds["halo"] += t1 - t0
        moves, recode = self.moves, settling(self.code)
        tiles = moves.plane // moves.tile
        counts = np.zeros(tiles, dtype=np.int64)
        kernels.expand_planes(self.codes, self.codes, self.local.moves, self.local.first, moves.tables, moves.plane,
                              moves.tile, recode.current, recode.stale, recode.stale_to, recode.mark, counts, 0, tiles)
        local = int(counts.sum())
        t2 = time.perf_counter()
        self.seconds["planes"] += t2 - t1
        for turns in self.local.turns:
            blocks = moves.plane // turns.block
            counts = np.zeros(turns.sources.shape[0] * blocks, dtype=np.int64)
            kernels.push_turns(self.codes, self.codes, moves.plane, moves.even, moves.tail, turns.sources,
                               turns.first, turns.planes, turns.order, turns.spread, turns.weights, turns.low,
                               turns.masks, turns.tail_table, turns.block, recode.current, recode.mark, counts, 0,
                               blocks)
            local += int(counts.sum())
        self.seconds["turns"] += time.perf_counter() - t2
        return local, sent, 1

    def _close_layer(self, dense: bool) -> None:
        """After a layer that found new states: a plane pass leaves them under the other
        code (settled before the next state-by-state layer); a state-by-state layer turns
        its list of current states VISITED and the found ones CURRENT."""
        if dense:
            self.code, self.settled, self.current = CURRENT + NEXT - self.code, False, None
            return
        own = self.codes[:self.own_words]
        _sharded_cpu.recode(own, self.current, VISITED)
        _sharded_cpu.recode(own, self.found, CURRENT)
        self.current, self.found = self.found, None

    def _settle(self) -> None:
        """After plane passes: the layer of ``code`` becomes CURRENT, the one before VISITED,
        and the sparse layers' list of current states is read from the codes."""
        t0 = time.perf_counter()
        own = self.codes[:self.own_words]
        chunks = np.arange(-(-(self.own_words << kernels.WORD_SHIFT) >> CHUNK_SHIFT), dtype=np.int64)
        counts = np.zeros(chunks.shape[0], dtype=np.uint64)
        kernels.advance(own, chunks, CHUNK_SHIFT, counts, self.code)
        self.code, self.settled = CURRENT, True
        self.current = np.empty(self.local_current, dtype=np.int64)
        kernels.collect_ranks(own, 0, CURRENT, self.current)
        self.seconds["settle"] += time.perf_counter() - t0

    def _sparse_layer(self) -> tuple[int, int, int]:
        """The neighbours of my current states (the list ``self.current`` of local ranks),
        each sent to the rank owning its plane, and the unseen ones marked NEXT there (and
        listed in ``self.found``): (new states here, bytes sent, exchange rounds)."""
        from cayley.bfs.distributed import _displacements, _mpi

        MPI = _mpi()
        if not self.settled or self.current is None:
            self._settle()
        t0 = time.perf_counter()
        own = self.codes[:self.own_words]
        first_rank = self.first_plane * self.moves.plane
        n_rounds = self.comm.allreduce(-(-self.current.shape[0] // self.round_states), op=MPI.MAX)
        found, sent = [], 0
        for r in range(n_rounds):
            batch = self.current[r * self.round_states:(r + 1) * self.round_states] + first_rank
            neighbours = kernels.neighbour_ranks(batch, self.gens, self.space.kind, self.space.tables)
            out = np.empty(neighbours.shape[0], dtype=np.int64)
            send_counts = _sharded_cpu.bucket_by_plane_owner(neighbours, self.moves.plane, self.owner_of_plane,
                                                             self.owner_lo, out)
            recv_counts = np.empty(self.n_ranks, dtype=np.int64)
            self.comm.Alltoall(send_counts, recv_counts)
            received = np.empty(int(recv_counts.sum()), dtype=np.int64)
            self.comm.Alltoallv([out, (send_counts, _displacements(send_counts)), MPI.INT64_T],
                                [received, (recv_counts, _displacements(recv_counts)), MPI.INT64_T])
            sent += int(out.nbytes - send_counts[self.rank] * 8)
            new = np.empty(received.shape[0], dtype=np.int64)
            found.append(new[:_sharded_cpu.mark_unseen(own, received, NEXT, new)])
            self.peak_bytes = max(self.peak_bytes, self.codes.nbytes + self.moves.nbytes + 2 * self.current.nbytes
                                  + neighbours.nbytes + out.nbytes + received.nbytes + new.nbytes)
        self.found = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        self.seconds["sparse"] += time.perf_counter() - t0
        return self.found.shape[0], sent, n_rounds

    def last_layer(self, limit: int) -> tuple[np.ndarray, bool]:
        """Up to ``limit`` states of the last layer, in Lehmer order, on every rank."""
        states, _ = kernels.collect(self.codes[:self.own_words], self.first_plane * self.plane_words, self.code,
                                    limit, self.space.kind, self.space.tables, self.graph.degree)
        gathered = [s for s in self.comm.allgather(states) if s.shape[0]]
        last = np.concatenate(gathered)[:limit] if gathered else np.zeros((0, self.graph.degree), dtype=np.int64)
        return last[np.lexsort(last.T[::-1])], self.layer_sizes[-1] <= limit
