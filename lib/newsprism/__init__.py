"""newsprism: how news outlets frame one story and how their numbers compare."""
__version__ = "0.2.0"
