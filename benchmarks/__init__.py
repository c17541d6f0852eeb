"""Performance benchmarks: each ``bench_*.py`` module has a ``main()``; ``python -m benchmarks`` runs them all."""
