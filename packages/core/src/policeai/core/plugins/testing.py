"""The contract test kit every plugin package subclasses (like eventsourcing's recorder tests).

::

    class TestMyTool(PluginContractTests):
        plugin_id = "my-tool"
        sample_inputs = {"policeai_summarise": SummariseRequest(documents=[...])}
        bad_inputs = {"policeai_summarise": SummariseRequest(documents=[Document("d", " ")])}

The base class is not collected by itself (its name does not start with ``Test``).
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec
import pytest

from policeai.core.plugins import ENTRY_POINT_GROUP
from policeai.core.plugins.host import PluginHost, hook_signatures
from policeai.core.plugins.manifest import CAPABILITY_HOOKS, validate_manifest


class PluginContractTests:
    plugin_id: ClassVar[str]
    #: hook name -> a typical input the plugin must answer.
    sample_inputs: ClassVar[dict[str, Any]]
    #: hook name -> an input the plugin must refuse with a clear ValueError.
    bad_inputs: ClassVar[dict[str, Any]] = {}

    @pytest.fixture
    def host(self) -> PluginHost:
        return PluginHost()

    def declared_hooks(self, host: PluginHost) -> list[str]:
        manifest = host.get(self.plugin_id).manifest
        return [hook for cap in manifest.capabilities for hook in CAPABILITY_HOOKS[cap]]

    def test_installed_and_discoverable(self, host: PluginHost) -> None:
        assert self.plugin_id in host.loaded, f"not loaded; refused plugins: {host.refused}"
        loaded = host.get(self.plugin_id)
        assert loaded.distribution, f"{self.plugin_id} is not installed from a distribution"
        assert loaded.name, f"{self.plugin_id} has no entry point in {ENTRY_POINT_GROUP}"

    def test_manifest_is_valid(self, host: PluginHost) -> None:
        manifest = host.get(self.plugin_id).manifest
        assert validate_manifest(msgspec.to_builtins(manifest)) == manifest
        assert manifest.id == self.plugin_id

    def test_every_declared_hook_answers_on_sample_input(self, host: PluginHost) -> None:
        signatures = hook_signatures()
        for hook in self.declared_hooks(host):
            assert hook in self.sample_inputs, f"no sample input for {hook}"
            signature = signatures[hook]
            result = host.call(
                self.plugin_id, hook, **{signature.argument: self.sample_inputs[hook]}
            )
            assert isinstance(result, signature.output_type), (
                f"{hook} returned {type(result).__name__}, not {signature.output_type.__name__}"
            )
            # The output survives the gateway's validation round trip unchanged.
            assert msgspec.convert(msgspec.to_builtins(result), signature.output_type) == result

    def test_bad_input_gives_a_clear_error(self, host: PluginHost) -> None:
        signatures = hook_signatures()
        for hook, bad in self.bad_inputs.items():
            with pytest.raises(ValueError, match=r"\w+") as excinfo:
                host.call(self.plugin_id, hook, **{signatures[hook].argument: bad})
            assert len(str(excinfo.value)) > 10, "say what was wrong with the input"
