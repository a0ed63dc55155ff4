"""Cleaning one document: every line labelled with a reason, then paragraphs and sentences."""
