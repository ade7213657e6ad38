"""audioguide: offline-first museum audio guide."""

__version__ = "0.1.0"
