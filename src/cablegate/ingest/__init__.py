"""Ingest: read sources, parse in worker processes, write the store, keep the index in step.

One module a job: ``formats`` (what a file holds, units of work), ``worker`` (parsing in the
pool), ``run`` (store and index bookkeeping), ``recovery`` (indexing what the store holds but the
index does not, on the ingest's node or any other), ``summary`` (what a run did).
"""

from cablegate.ingest.formats import FORMATS, detect_format, unit_records, units
from cablegate.ingest.recovery import catch_up, sync_index
from cablegate.ingest.run import Ingester, ingest
from cablegate.ingest.summary import IngestSummary
from cablegate.ingest.worker import default_workers, parse_record, prepare, process_unit

__all__ = [
    "FORMATS",
    "IngestSummary",
    "Ingester",
    "catch_up",
    "default_workers",
    "detect_format",
    "ingest",
    "parse_record",
    "prepare",
    "process_unit",
    "sync_index",
    "unit_records",
    "units",
]
