"""Plugins shipped with the core, registered through the same entry-point group as any other."""
