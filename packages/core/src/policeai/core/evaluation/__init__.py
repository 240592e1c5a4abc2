"""Evaluation data for the record-entry tools."""
