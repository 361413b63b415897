"""The add-on's domain logic: no Pyramid here; every function takes the session and,
where time matters, ``now``."""
