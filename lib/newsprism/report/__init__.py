"""What the notebooks call: tables loaded for a notebook, summaries, plots, the interactive
tables and problem notes a page shows, the article explorer, and the papermill runner that
exports the HTML reports and their index."""
