"""The project's measurement, benchmark and training scripts, installed with the package (`pip install -e .`).

Each script runs as `.venv/bin/python scripts/NAME.py` or `.venv/bin/python -m scripts.NAME`; the helpers
they share (the benchmark corpus, the mail generators, the revision-draft judge) are imported as
`scripts.NAME`, by the scripts and by the tests alike, with no change to the import path.
"""
