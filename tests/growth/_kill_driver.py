"""A growth run with a checkpoint that says each finished layer on stdout (for kill tests).

``python _kill_driver.py FAMILY N ENGINE DIRECTORY [CODES]`` prints ``layer D`` after each layer
and then one JSON line with the result; an interrupt exits with status 130. ``CODES`` =
``out_of_core`` runs out of core in DIRECTORY, in segments of 4 KiB (an undirected graph with
layers of up to 30 states in memory, the others in the code file).
"""
import json
import sys

from cayley import CayleyGraph, growth


def main() -> int:
    family, n, engine, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    codes = sys.argv[5] if len(sys.argv) > 5 else "auto"
    graph = CayleyGraph.from_family(family, n)
    options = {"checkpoint": directory}
    if codes == "out_of_core":
        from cayley.bfs import _two_bit, _two_bit_frontier

        _two_bit.SEGMENT_BYTES = 4096
        _two_bit_frontier.SPARSE_LAYER = 30
        options = {"workdir": directory}
    try:
        result = growth(graph, engine=engine, codes=codes, progress=False, **options,
                        on_layer=lambda d, size, s: print(f"layer {d}", flush=True))
    except KeyboardInterrupt:
        return 130
    print(json.dumps({"layer_sizes": result.layer_sizes, "last_layer": result.last_layer.tolist(),
                      "complete": result.complete}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
