"""Renderers shared by every surface: text lines, CSV, PDF, the deadline explanation."""
