"""The summariser keeps the contract every Police.AI plugin keeps."""

from __future__ import annotations

from policeai.core.plugins.testing import PluginContractTests
from policeai.core.plugins.types import Document, SummariseRequest


class TestSummariserContract(PluginContractTests):
    plugin_id = "summariser"
    sample_inputs = {  # noqa: RUF012 - the kit's class-level inputs
        "policeai_summarise": SummariseRequest(
            documents=[
                Document(
                    doc_id="statement-1",
                    text=(
                        "My name is Aisha Patel. Last night at about 11pm I was walking along "
                        "Mill Lane in Leeds. A man I know as Dean Morley punched me in the face "
                        "and took my phone. I went to the LGI with a cut lip."
                    ),
                ),
                Document(
                    doc_id="call-1",
                    text="CALLER REPORTS MALE PUNCHED FEMALE AND TOOK PHONE ON MILL LANE 2300HRS",
                ),
            ],
            max_sentences=3,
        )
    }
    bad_inputs = {  # noqa: RUF012
        "policeai_summarise": SummariseRequest(documents=[Document(doc_id="blank", text="   ")])
    }
