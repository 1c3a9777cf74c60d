"""Reading input files into documents: one module per concern.

- `walk`: the entries under the input path (files, and the links, FIFOs and
  folders that cannot be read, each with its reason);
- `decoding`: bytes to text (UTF-8, else the detected encoding);
- `documents`: the document record and the column mapping;
- `records`: JSONL, CSV and Parquet files, one document per row;
- `webpage`: news pages (.html/.htm) through trafilatura;
- `dates`: the `date` field parsed into a calendar date.

The stage itself (ids, the documents table) is `pipeline.stages.ingest`.
"""
