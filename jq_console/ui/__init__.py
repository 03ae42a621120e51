"""The Textual console: the apps, their screens, widgets, view-models and messages."""
