"""One module per navigation page."""
