"""The plugin interface every Police.AI-approved tool implements (pluggy hooks).

Plugins implement the hooks in :mod:`policeai.core.plugins.hookspecs` with :data:`hookimpl`
and are discovered through the ``policeai.plugins`` entry-point group.
"""

import pluggy

PROJECT = "policeai"
ENTRY_POINT_GROUP = "policeai.plugins"

hookimpl = pluggy.HookimplMarker(PROJECT)
hookspec = pluggy.HookspecMarker(PROJECT)

__all__ = ["ENTRY_POINT_GROUP", "PROJECT", "hookimpl", "hookspec"]
