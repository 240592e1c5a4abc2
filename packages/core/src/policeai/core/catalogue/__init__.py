"""The force's view of the Police.AI catalogue, and what the force has installed."""
