"""``python -m sphinx_scholar``: the same as the ``sphinx-scholar`` command."""

from .cli import run

run()
