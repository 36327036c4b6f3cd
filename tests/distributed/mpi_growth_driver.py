"""Run under mpiexec: distributed growth of the cases given as JSON; rank 0 prints JSON.

    mpiexec -n 3 python mpi_growth_driver.py '[["lrx", 6, null]]' [--checkpoint DIR]
        [--die-after LAYER --die-rank RANK] [--block-size B --round-neighbours R]

A case is ``[family, n, start]`` or ``{"generators": [[...], ...], "start": ...}``.
``--die-after`` ends one rank abruptly (``os._exit``) right after it finished and saved
that layer, as a crash would.
"""
import argparse
import json
import os


def main() -> None:
    from mpi4py import MPI

    from cayley import CayleyGraph
    from cayley.bfs.distributed import distributed_growth

    parser = argparse.ArgumentParser()
    parser.add_argument("cases")
    parser.add_argument("--checkpoint", default=None)
    parser.add_argument("--die-after", type=int, default=None)
    parser.add_argument("--die-rank", type=int, default=0)
    parser.add_argument("--block-size", type=int, default=1 << 16)
    parser.add_argument("--round-neighbours", type=int, default=1 << 22)
    parser.add_argument("--max-layers", type=int, default=None)
    parser.add_argument("--print-layers", action="store_true", help="rank 0 prints 'layer D' after each")
    args = parser.parse_args()
    me = MPI.COMM_WORLD.Get_rank()

    def on_layer(distance: int, size: int, seconds: float) -> None:
        if distance == args.die_after and me == args.die_rank:
            os._exit(17)
        if args.print_layers and me == 0:
            print(f"layer {distance}", flush=True)

    out = []
    for case in json.loads(args.cases):
        if isinstance(case, dict):
            graph = CayleyGraph(case["generators"], start=case.get("start"))
        else:
            family, n, start = case
            graph = CayleyGraph.from_family(family, n, start=start)
        stats: dict = {}
        r = distributed_growth(graph,
                               checkpoint=args.checkpoint, on_layer=on_layer, stats=stats,
                               max_layers=args.max_layers,
                               block_size=args.block_size, round_neighbours=args.round_neighbours)
        out.append({"layer_sizes": r.layer_sizes, "last_layer": r.last_layer.tolist(),
                    "last_layer_complete": r.last_layer_complete, "state_space": r.state_space,
                    "stats": stats})
    if me == 0:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
