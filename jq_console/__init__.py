"""JQ Console: the support desk console of JQ Systems."""

__version__ = "0.1.0"
