"""Per-article measures on cleaned sentences: figures, actor labels, loaded terms, voice,
quotes, agency, topics, readability."""
