"""A growth run with a checkpoint that says each finished layer on stdout (for kill tests).

``python _kill_driver.py FAMILY N ENGINE DIRECTORY`` prints ``layer D`` after each layer and
then one JSON line with the result; an interrupt exits with status 130.
"""
import json
import sys

from cayley import CayleyGraph, growth


def main() -> int:
    family, n, engine, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    graph = CayleyGraph.from_family(family, n)
    try:
        result = growth(graph, engine=engine, checkpoint=directory, progress=False,
                        on_layer=lambda d, size, s: print(f"layer {d}", flush=True))
    except KeyboardInterrupt:
        return 130
    print(json.dumps({"layer_sizes": result.layer_sizes, "last_layer": result.last_layer.tolist(),
                      "complete": result.complete}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
