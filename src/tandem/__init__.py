"""Tandem: see, understand and break the pursuer-distancer cycle, privately, on your machine."""

__all__: list[str] = []
