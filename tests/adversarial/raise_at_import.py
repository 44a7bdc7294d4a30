"""An exception at import."""

raise RuntimeError("boom at import time")
