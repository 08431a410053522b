"""The version of clerk_async, in one place."""

__version__ = "0.1.0"
