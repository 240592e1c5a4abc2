"""DPA 2018 s.62 logging: consultation, alteration, disclosure and erasure of personal data."""

from policeai.core.accesslog.log import ACTIONS, AccessLog, access_log_table

__all__ = ["ACTIONS", "AccessLog", "access_log_table"]
