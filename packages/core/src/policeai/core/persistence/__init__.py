"""Persistence modules for the eventsourcing library's ``PERSISTENCE_MODULE`` setting."""
