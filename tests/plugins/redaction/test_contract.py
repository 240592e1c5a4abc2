"""The redaction tool keeps the contract every Police.AI plugin keeps."""

from __future__ import annotations

from policeai.core.plugins.testing import PluginContractTests
from policeai.core.plugins.types import Document, RedactionRequest


class TestRedactionContract(PluginContractTests):
    plugin_id = "redaction"
    sample_inputs = {  # noqa: RUF012 - the kit's class-level inputs
        "policeai_redact": RedactionRequest(
            case_ref="DEMO/2026/000042",
            documents=[
                Document(
                    doc_id="statement-1",
                    text=(
                        "My name is Aisha Patel and I live at 14 Mill Lane, Leeds LS6 2QT. "
                        "My mobile is 07700 900123."
                    ),
                ),
                Document(
                    doc_id="call-1",
                    text="CALLER MRS AISHA PATEL REPORTS SILVER FORD FOCUS AB12 CDE TAKEN",
                ),
            ],
        )
    }
    bad_inputs = {  # noqa: RUF012
        "policeai_redact": RedactionRequest(
            case_ref="DEMO/2026/000042", documents=[Document(doc_id="blank", text="   ")]
        )
    }
