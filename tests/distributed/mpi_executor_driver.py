"""Run as ``mpiexec -n 3 python -m mpi4py.futures mpi_executor_driver.py``: the searches of
test_executors.py on an ``MPIPoolExecutor`` (rank 0 runs this script, the others are workers);
prints their comparable results as JSON."""
import json


def main() -> None:
    from mpi4py.futures import MPIPoolExecutor

    from test_executors import run_searches

    with MPIPoolExecutor() as executor:
        print(json.dumps(run_searches(executor)))


if __name__ == "__main__":
    main()
