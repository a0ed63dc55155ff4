"""What the notebooks call: tables loaded for a notebook, summaries, plots, the article
explorer, and the papermill runner that exports the HTML reports and their index."""
