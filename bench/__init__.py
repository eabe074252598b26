"""Benchmarks that print ratios against a baseline measured in the same run (`make bench`).

Each module here with a `main(argv)` function is one benchmark; `python -m bench` runs them
all, `python -m bench NAME [ARGS]` one. They are not part of `make test`.
"""
