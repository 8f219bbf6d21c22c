"""AI virtual host runtime: a live-commerce host whose every sentence is checked before it is said."""

__version__ = "0.1.0"
