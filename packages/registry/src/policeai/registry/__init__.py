"""Police.AI's registry: entries, certification, the signed catalogue and the transparency log."""
