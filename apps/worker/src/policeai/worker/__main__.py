"""``python -m policeai.worker``: one arq worker process, configured from the environment."""

from policeai.worker.settings import run

if __name__ == "__main__":
    run()
