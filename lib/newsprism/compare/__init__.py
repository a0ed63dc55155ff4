"""Cross-article steps: figures compared by key, discrepancies, in-article arithmetic, the
reference series, distinctive terms and shared wording. They read tables, never raw text."""
