"""Reading a corpus folder: files and formats, decoding, metadata, and the problems table."""
