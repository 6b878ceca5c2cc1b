"""City/district server (FastAPI): receives every street's sealed batches."""
