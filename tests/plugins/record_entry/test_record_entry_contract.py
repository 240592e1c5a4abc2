"""The record-entry tool keeps the contract every Police.AI plugin keeps."""

from __future__ import annotations

from datetime import UTC, datetime

from policeai.core.plugins.testing import PluginContractTests
from policeai.core.plugins.types import Document, RecordEntryRequest

REPORTED = datetime(2024, 3, 9, 22, 14, tzinfo=UTC)


class TestRecordEntryContract(PluginContractTests):
    plugin_id = "record-entry"
    sample_inputs = {  # noqa: RUF012 - the kit's class-level inputs
        "policeai_propose_record_fields": RecordEntryRequest(
            document=Document(
                doc_id="statement-1",
                text=(
                    "My name is Aisha Patel and I live at 14 Mill Lane, Leeds LS6 2QT. Last "
                    "night at about 10pm a man took my bag worth £250 and drove off in a silver "
                    "Ford Focus AB12 CDE. My mobile is 07700 900123."
                ),
            ),
            report_time=REPORTED,
        )
    }
    bad_inputs = {  # noqa: RUF012
        "policeai_propose_record_fields": RecordEntryRequest(
            document=Document(doc_id="blank", text="   "), report_time=REPORTED
        )
    }
