"""The application layer: one function per user action, who may act, and the session's services."""
