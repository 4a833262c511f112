"""Decision engines: plain Python over frozen dataclasses, no Django.

Each engine takes an immutable problem-data object, exposes a small ``solve``-style entry
point with a time limit, and returns a result carrying the solution, the objective, a
proven bound, a status and the runtime.
"""
