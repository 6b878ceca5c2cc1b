"""Yishi (议事通): offline-first desktop app for street people's-congress working committees."""

__version__ = "0.1.0"
