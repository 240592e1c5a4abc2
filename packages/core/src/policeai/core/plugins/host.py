"""The plugin host: loads plugins from the entry-point group and validates their manifests.

Built-in plugins are registered through the same entry-point group as any other (the core's
own distribution declares them), so there is one way in. A plugin whose manifest is invalid,
or that lacks a hook its capabilities promise, is refused and the reason kept for display.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any, get_args, get_type_hints

import pluggy

from policeai.core.errors import NotFoundError
from policeai.core.plugins import ENTRY_POINT_GROUP, PROJECT, hookspecs
from policeai.core.plugins.manifest import (
    CAPABILITY_HOOKS,
    InvalidManifestError,
    Manifest,
    validate_manifest,
)


@dataclass(frozen=True)
class LoadedPlugin:
    name: str  # the entry-point name
    distribution: str
    distribution_version: str
    manifest: Manifest
    plugin: Any


class PluginHost:
    def __init__(self, *, load_entry_points: bool = True) -> None:
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.loaded: dict[str, LoadedPlugin] = {}
        self.refused: dict[str, str] = {}
        if load_entry_points:
            for ep in entry_points(group=ENTRY_POINT_GROUP):
                dist = ep.dist
                try:
                    plugin = ep.load()
                except Exception as error:  # a plugin that cannot be imported is refused
                    self.refused[ep.name] = f"{ep.value} cannot be imported: {error!r}"
                    continue
                self.register(
                    ep.name,
                    plugin,
                    distribution=dist.name if dist else "",
                    distribution_version=dist.version if dist else "",
                )

    def register(
        self,
        name: str,
        plugin: ModuleType | object,
        *,
        distribution: str = "",
        distribution_version: str = "",
    ) -> LoadedPlugin | None:
        """Register one plugin; return it, or None (with the reason in ``refused``)."""
        self.pm.register(plugin, name=name)
        try:
            manifest = self._manifest_of(plugin)
            self._check_hooks(plugin, manifest)
            self._check_unique(manifest)
        except InvalidManifestError as error:
            self.pm.unregister(plugin)
            self.refused[name] = str(error)
            return None
        loaded = LoadedPlugin(name, distribution, distribution_version, manifest, plugin)
        self.loaded[manifest.id] = loaded
        return loaded

    def register_spec(self, spec: str) -> LoadedPlugin | None:
        """Register a plugin named ``module.path`` or ``module.path:attribute`` (a class is
        instantiated): for development and tests, beside the installed entry points."""
        module_name, _, attribute = spec.partition(":")
        obj: Any = importlib.import_module(module_name)
        for part in filter(None, attribute.split(".")):
            obj = getattr(obj, part)
        return self.register(spec, obj() if isinstance(obj, type) else obj)

    def _manifest_of(self, plugin: object) -> Manifest:
        impls = [i for i in self.pm.hook.policeai_manifest.get_hookimpls() if i.plugin is plugin]
        if not impls:
            raise InvalidManifestError("the plugin implements no policeai_manifest hook")
        try:
            raw = impls[0].function()
        except Exception as error:  # a broken plugin must not stop the host
            raise InvalidManifestError(f"policeai_manifest raised {error!r}") from None
        return validate_manifest(raw)

    def _check_unique(self, manifest: Manifest) -> None:
        if manifest.id in self.loaded:
            raise InvalidManifestError(f"another plugin already has the id {manifest.id!r}")

    def _check_hooks(self, plugin: object, manifest: Manifest) -> None:
        implemented = {caller.name for caller in self.pm.get_hookcallers(plugin) or []}
        for capability in manifest.capabilities:
            for hook in CAPABILITY_HOOKS[capability]:
                if hook not in implemented:
                    raise InvalidManifestError(
                        f"plugin {manifest.id!r} declares capability {capability!r} but does "
                        f"not implement {hook} - at `$.capabilities`"
                    )

    def get(self, plugin_id: str) -> LoadedPlugin:
        try:
            return self.loaded[plugin_id]
        except KeyError:
            raise NotFoundError(f"no plugin {plugin_id!r} is installed") from None

    def call(self, plugin_id: str, hook: str, **kwargs: Any) -> Any:
        """Call one hook of one plugin, and no other plugin's implementation of it."""
        target = self.get(plugin_id).plugin
        others = [p for p in self.pm.get_plugins() if p is not target]
        caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
        return caller(**kwargs)


@dataclass(frozen=True)
class HookSignature:
    name: str
    argument: str
    input_type: type
    output_type: type


@cache
def hook_signatures() -> dict[str, HookSignature]:
    """Each hook's argument name, input type and output type, read from the hookspecs once."""
    signatures = {}
    for name in dir(hookspecs):
        if not name.startswith(f"{PROJECT}_"):
            continue
        function = getattr(hookspecs, name)
        hints = get_type_hints(function)
        output = hints.pop("return")
        output_types = [t for t in get_args(output) if t is not type(None)] or [output]
        params = list(inspect.signature(function).parameters)
        argument = params[0] if params else ""
        signatures[name] = HookSignature(
            name=name,
            argument=argument,
            input_type=hints[argument] if argument else type(None),
            output_type=output_types[0],
        )
    return signatures
