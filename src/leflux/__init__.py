"""LeFlux: an AI agent that lives on a website and acts for its visitors."""

__version__ = "0.1.0"
