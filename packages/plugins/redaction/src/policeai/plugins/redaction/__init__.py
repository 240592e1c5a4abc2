"""Placeholder: the tool is written in the next commits."""
