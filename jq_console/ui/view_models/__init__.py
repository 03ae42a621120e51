"""State the screens keep for their widgets, free of Textual."""
