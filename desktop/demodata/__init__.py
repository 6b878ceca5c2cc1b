"""Demo-data steps, one module per area (``desktop.demo.register`` in each)."""
