"""The partition engine: bring tables up to date, partition by partition.

`update_tables(out, tables, options)` is what every stage and `run` call:

1. read the accepted documents (ids, text hashes, lengths) and group them into
   partitions (`partitions.partition_documents`);
2. key each partition's parse (texts + model) and rows (parse key + the code
   and data fingerprint of the table's extractor + the keys of what it needs);
3. a table whose stamp says its inputs (all keys) and files are as the last
   run left them is skipped outright; otherwise every partition missing some
   rows becomes a task: one model pass (or the cached parse) and every missing
   table extracted from the same `Doc`s (`worker.process_partition`);
4. tasks run where the options say (`executors.execute`), biggest first;
   each result is committed (parse, then rows, each file atomically) as it
   arrives, so a killed run resumes from the committed partitions;
5. each table is written in document order from its partitions' rows, and
   cache files no partition uses any more are deleted.
"""
from __future__ import annotations

from bisect import bisect_right
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

import pyarrow.compute as pc
import pyarrow.parquet as pq
from spacy.tokens import Doc

from ..storage.catalog import Catalog
from ..storage.incremental import code_fingerprint, fresh_stamp, record_stamp, remove_stamp
from ..storage.integrity import read_sealed_json, write_sealed_json
from ..storage.tables import OutputOptions, TableWriter, iter_batches, open_texts
from .executors import Executor, UserError, load_security, make_executor, parse_scheduler
from .extract import REGISTRY, with_needs
from .extract import tables as all_tables  # registered tables, computing order
from .partitions import BLOCK_CHARS, MAX_CHARS, SEGMENT_CHARS, TARGET_DOCS, DocumentRef, Partition, partition_documents
from .store import PARSES, PartitionStore
from .worker import PartitionResult, PartitionTask

PARSE_VERSION = "parse-1"  # bump when the parse cache's layout changes
# With several workers, a partition to parse is cut into pieces of consecutive documents, so
# every worker has work to the end (no tail at 100k words, where there are 3 partitions):
# about 8 pieces per worker over the run, each of PIECE_MIN_CHARS..PIECE_MAX_CHARS characters.
PIECES_PER_SLOT = 8
PIECE_MIN_CHARS = 30_000
PIECE_MAX_CHARS = 150_000


@dataclass(frozen=True)
class EngineOptions:
    """How to run: the model (None: the one the parses were made with, else the default),
    nlp.pipe batch size, local worker processes, a Dask scheduler, `force` (ignore caches),
    and the partition and segment sizes (tests and very unusual corpora only)."""

    model: str | None = None
    batch_size: int = 64
    n_process: int = 1
    scheduler: str | None = None
    force: bool = False
    partition_docs: int = TARGET_DOCS
    segment_chars: int = SEGMENT_CHARS
    block_chars: int = BLOCK_CHARS
    dask_security: str | None = None  # settings file of a remote scheduler's TLS credentials
    entity_lists: object = None  # UserLists: the user's alias and ignore lists (part of the entities key)

    def extractor_options(self) -> dict:
        """The options the extractors take, by the name they declare in the registry."""
        return {"lists": self.entity_lists}

    def __post_init__(self):
        for name in ("batch_size", "n_process", "partition_docs", "segment_chars", "block_chars"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise UserError(f"{name.replace('_', '-')} must be a whole number >= 1, not {getattr(self, name)!r}")
        if self.scheduler is not None:
            parse_scheduler(self.scheduler)  # a bad value fails even when there is nothing to run
        if self.dask_security is not None:
            load_security(self.dask_security)  # likewise a bad credentials file


@dataclass
class TableUpdate:
    """What bringing one table up to date did."""

    table: str
    rows: int = 0
    documents: int = 0
    partitions: int = 0
    computed_partitions: int = 0
    computed_documents: int = 0
    parsed_documents: int = 0
    skipped: bool = False
    warnings: list[str] = field(default_factory=list)


Progress = Callable[[int], None]


def document_refs(out: Path) -> tuple[list[DocumentRef], dict[str, int]]:
    """The accepted documents in order (ids, text hashes, lengths) and their row numbers in texts."""
    refs = []
    for batch in iter_batches(open_texts(out), ["doc_id", "sha256", "text"]):  # never every text at once
        lengths = pc.utf8_length(batch["text"]).to_pylist()
        refs.extend(DocumentRef(d, s, n) for d, s, n in zip(batch["doc_id"].to_pylist(), batch["sha256"].to_pylist(),
                                                            lengths))
    return refs, {r.doc_id: i for i, r in enumerate(refs)}


# --------------------------------------------------------------------------
# The model the parses come from
# --------------------------------------------------------------------------

def choose_model(out: Path, options: EngineOptions, parsing_stage: bool,
                 echo: Callable[[str], None] = lambda s: None) -> tuple[str, str, EngineOptions]:
    """(resolved model, model key, options). The sentences stage and `run` resolve the model
    (None: the default) and record it with the partition layout; the other stages use the
    recorded ones (unless given a model), so they find the parses the sentences stage made."""
    from ..nlp.model import describe_model, resolve_model

    path = Catalog(out).parse_record
    if options.model is None and not parsing_stage:
        try:
            record = read_sealed_json(path)
            if record is None:
                raise FileNotFoundError(f"{out} has no parsed documents yet: run the sentences stage first")
            options = replace(options, partition_docs=record["partition_docs"], segment_chars=record["segment_chars"])
            return record["model"], record["key"], options
        except (ValueError, KeyError, TypeError, UserError):  # Damaged is a ValueError
            echo(f"warning: {path} was damaged; using the default model and partition size")
    resolved = resolve_model(options.model)
    key = describe_model(resolved).key
    if parsing_stage or not path.exists():
        write_sealed_json(path, {"model": resolved, "key": key, "partition_docs": options.partition_docs,
                                 "segment_chars": options.segment_chars})
    return resolved, key, options


@lru_cache(maxsize=None)
def engine_fingerprint(*modules: str) -> str:
    """Hash of the engine's own modules that shape a cache entry (named explicitly: the
    extractors' code is in each table's own fingerprint, and must not void the parses)."""
    import hashlib

    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(PARSE_VERSION.encode())
    for name in modules:
        path = (here / name).resolve()
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


PARSE_CODE = ("partitions.py",)                                   # how texts are cut into segments
ROWS_CODE = ("partitions.py", "worker.py", "extract.py", "../storage/schemas.py")  # blocks, offsets, columns


# --------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------

def partition_keys(partitions: list[Partition], model_key: str, tables: list[str],
                   segment_chars: int = SEGMENT_CHARS, block_chars: int = BLOCK_CHARS,
                   options: dict | None = None) -> dict[str, list[str]]:
    """For each partition: its parse key and the rows key of each table (needs included).
    A table's key hashes its own code, its own data files and the `options` it takes (the
    user's entity lists ...), and the keys of the tables it needs: a change recomputes that
    table and those needing it, nothing else."""
    keys = {PARSES: [p.key(engine_fingerprint(*PARSE_CODE), model_key, str(segment_chars)) for p in partitions]}
    engine = engine_fingerprint(*ROWS_CODE)
    for table in with_needs(tables):
        extractor = REGISTRY[table]
        taken = "".join(_option_key((options or {}).get(name)) for name in extractor.options)
        record = repr((extractor.needs, extractor.offsets, extractor.options, extractor.data, str(extractor.schema)))
        fingerprint = code_fingerprint(extractor.rows, engine + str(block_chars) + taken + record,
                                       extractor.data_files())
        keys[table] = [p.key(table, fingerprint, keys[PARSES][i], *(keys[n][i] for n in extractor.needs))
                       for i, p in enumerate(partitions)]
    return keys


def _option_key(value) -> str:
    """An option's part of a cache key: its content's fingerprint (none when unset)."""
    if value is None:
        return ""
    return value.fingerprint() if hasattr(value, "fingerprint") else repr(value)


def _inputs(keys: list[str]) -> dict:
    import hashlib

    return {"partitions": hashlib.sha256("\n".join(keys).encode()).hexdigest(), "n": len(keys)}


def _outputs(out: Path, table: str) -> list[Path]:
    return [out / f"{table}.parquet", out / f"{table}.csv"]


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------

def update_tables(out: str | Path, tables: list[str], options: EngineOptions = EngineOptions(),
                  progress: Progress = lambda n: None, echo: Callable[[str], None] = lambda s: None,
                  parsing_stage: bool = False, output: OutputOptions = OutputOptions(),
                  executor: Executor | None = None) -> dict[str, TableUpdate]:
    """Bring `tables` (registered tables) up to date in `out`, written as `output` says; see the
    module docstring. `executor`: one already started (by `api.run`, during ingest) for this
    model and these options; else one is made for the run."""
    out = Path(out)
    tables = [t for t in all_tables() if t in tables]
    refs, row_of = document_refs(out)
    model, model_key, options = choose_model(out, options, parsing_stage, echo)
    partitions = partition_documents(refs, options.partition_docs)
    keys = partition_keys(partitions, model_key, tables, options.segment_chars, options.block_chars,
                          options.extractor_options())
    store = PartitionStore(out, echo)
    updates = {t: TableUpdate(t, documents=len(refs), partitions=len(partitions)) for t in tables}

    stale = [t for t in tables
             if options.force or fresh_stamp(out, t, _inputs(keys[t]), _outputs(out, t), echo) is None]
    for table in tables:
        if table not in stale:
            stamp = fresh_stamp(out, table, _inputs(keys[table]), _outputs(out, table))
            updates[table].rows, updates[table].skipped = stamp["rows"], True
    if not stale:
        progress(len(refs))
        return updates

    for table in stale:
        remove_stamp(out, table)  # from here on the table may change: never trust an old stamp
    needed = with_needs(stale)
    missing = {p.index: [t for t in needed if options.force or not store.rows_readable(t, keys[t][p.index], echo)]
               for p in partitions}
    texts = TextReader(open_texts(out), row_of)
    seen: set[tuple[str, int]] = set()
    while True:  # a cache file damaged beyond its footer shows when a table is written: recompute it
        _compute(partitions, missing, keys, model, options, store, texts, updates, stale, progress, echo,
                 reparse=options.force and parsing_stage, executor=executor)
        damaged = _write_tables(out, stale, partitions, keys, store, updates, echo, output)
        if not damaged:
            break
        if damaged & seen:  # recomputed and still unreadable: the disk, not the cache
            raise CacheUnreadable(f"{store.root}: cache files written by this run cannot be read back "
                                  "(disk full or failing?)")
        seen |= damaged
        again = {index for _table, index in damaged}
        missing = {p.index: (list(needed) if p.index in again else []) for p in partitions}
    if parsing_stage:
        store.prune(PARSES, keys[PARSES])
    return updates


def piece_chars(partitions: list[Partition], slots: int) -> int:
    """Characters per piece of a partition to parse, for `slots` workers (0: never cut)."""
    if slots <= 1:
        return 0
    total = sum(p.n_chars for p in partitions)
    return max(PIECE_MIN_CHARS, min(PIECE_MAX_CHARS, total // (slots * PIECES_PER_SLOT)))


def cut_documents(documents: list[tuple[str, str]], chars: int) -> list[list[tuple[str, str]]]:
    """Consecutive runs of whole documents of about `chars` characters (all in one when 0)."""
    if not chars:
        return [documents]
    pieces, current, size = [], [], 0
    for doc in documents:
        if current and size + len(doc[1]) > chars:
            pieces.append(current)
            current, size = [], 0
        current.append(doc)
        size += len(doc[1])
    if current:
        pieces.append(current)
    return pieces


def _join(pieces: list[PartitionResult]) -> PartitionResult:
    """The result of a partition from the results of its pieces (in order): rows concatenated,
    parses merged into one DocBin."""
    import pyarrow as pa
    from spacy.tokens import DocBin

    first = pieces[0]
    if len(pieces) == 1:
        return first
    tables = {t: pa.concat_tables([r.tables[t] for r in pieces]) for t in first.tables}
    docbin = None
    if all(r.docbin is not None for r in pieces):
        merged = DocBin(store_user_data=False).from_bytes(first.docbin)
        for r in pieces[1:]:
            merged.merge(DocBin(store_user_data=False).from_bytes(r.docbin))
        docbin = merged.to_bytes()
    return PartitionResult(first.index, first.parse_key, tables, docbin,
                           sum(r.parsed_documents for r in pieces), sum(r.seconds for r in pieces),
                           [w for r in pieces for w in r.warnings])


def _compute(partitions, missing, keys, model, options, store, texts, updates, stale, progress, echo,
             reparse: bool = False, executor: Executor | None = None) -> None:
    """Run every partition with missing rows (parsing again when `reparse`, else from the
    cached parse when there is one); commit each result as it arrives (a partition cut into
    pieces when all its pieces have)."""
    todo = [p for p in partitions if missing[p.index]]
    progress(sum(len(p.documents) for p in partitions if not missing[p.index]))
    if not todo:
        return
    if executor is None or executor.model != model:
        executor = make_executor(model, options.n_process, options.scheduler, options.dask_security)
        context = executor  # started and closed here
    else:
        context = nullcontext(executor)

    def tasks(chars: int) -> Iterator[PartitionTask]:
        # Partitions of a single huge document first (no worker is left with one at the end),
        # then in document order (the texts are read row group by row group).
        for p in sorted(todo, key=lambda p: (p.n_chars <= MAX_CHARS // 2, p.index)):
            docbin = None if reparse else store.read_parse(keys[PARSES][p.index])
            documents = texts.documents(p)
            pieces = cut_documents(documents, chars if docbin is None else 0)
            for j, piece in enumerate(pieces):
                yield PartitionTask(p.index, keys[PARSES][p.index], model, missing[p.index],
                                    piece, docbin,
                                    store_parse=p.n_chars <= MAX_CHARS, batch_size=options.batch_size,
                                    segment_chars=options.segment_chars, block_chars=options.block_chars,
                                    options=options.extractor_options(), piece=j, pieces=len(pieces))

    waiting: dict[int, list] = {}
    with context:
        executor.ready()  # a Dask cluster's slots are known once it has started
        for result in executor.run(tasks(piece_chars(todo, executor.slots))):
            if result.pieces == 1:
                _commit(result, partitions, keys, store, updates, stale, echo)
                progress(len(partitions[result.index].documents))
                continue
            progress(result.parsed_documents)
            got = waiting.setdefault(result.index, [None] * result.pieces)
            got[result.piece] = result
            if all(r is not None for r in got):
                _commit(_join(waiting.pop(result.index)), partitions, keys, store, updates, stale, echo)


def _commit(result: PartitionResult, partitions, keys, store, updates, stale, echo) -> None:
    if result.docbin is not None:
        store.write_parse(result.parse_key, result.docbin)
    for table, rows in result.tables.items():
        store.write_rows(table, keys[table][result.index], rows)
    n_docs = len(partitions[result.index].documents)
    for table in stale:
        if table in result.tables:
            updates[table].computed_partitions += 1
            updates[table].computed_documents += n_docs
            updates[table].parsed_documents += result.parsed_documents
            updates[table].warnings.extend(result.warnings)
    for warning in result.warnings:
        echo(f"warning: {warning}")


def _write_tables(out, stale, partitions, keys, store, updates, echo, output: OutputOptions) -> set[tuple[str, int]]:
    """Write each stale table from its partitions' rows; the (table, partition) whose cache
    file could not be read back (discarded, to be recomputed)."""
    damaged: set[tuple[str, int]] = set()
    for table in stale:
        try:
            updates[table].rows = _assemble(out, table, [keys[table][p.index] for p in partitions], store, output)
        except DamagedRows as err:
            echo(f"warning: {err}; computing it again")
            store.discard_rows(table, err.key)
            damaged.add((table, keys[table].index(err.key)))
            continue
        record_stamp(out, table, _inputs(keys[table]), _outputs(out, table), rows=updates[table].rows,
                     documents=updates[table].documents, partitions=len(partitions),
                     computed_partitions=updates[table].computed_partitions,
                     computed_documents=updates[table].computed_documents)
        store.prune(table, keys[table])
    return damaged


class CacheUnreadable(OSError):
    """Files the run has just written cannot be read back: one line for the user."""


class DamagedRows(RuntimeError):
    def __init__(self, table: str, key: str, reason: str):
        super().__init__(f"damaged cache file of table {table} ({key[:12]}...): {reason}")
        self.key = key


class TextReader:
    """Partitions' texts from the texts table; the last row group read is kept (partitions
    come in document order, so each group is read about once)."""

    def __init__(self, texts: pq.ParquetFile, row_of: dict[str, int]):
        self.file = texts
        self.row_of = row_of
        meta = self.file.metadata
        self.starts = [0]
        for g in range(meta.num_row_groups):
            self.starts.append(self.starts[-1] + meta.row_group(g).num_rows)
        self._group: tuple[int, list, list] | None = None

    def _read(self, g: int) -> tuple[list, list]:
        if self._group is None or self._group[0] != g:
            chunk = self.file.read_row_group(g, columns=["doc_id", "text"])
            self._group = (g, chunk["doc_id"].to_pylist(), chunk["text"].to_pylist())
        return self._group[1], self._group[2]

    def documents(self, partition: Partition) -> list[tuple[str, str]]:
        found = []
        for d in partition.documents:
            row = self.row_of[d.doc_id]
            g = bisect_right(self.starts, row) - 1
            ids, texts = self._read(g)
            found.append((ids[row - self.starts[g]], texts[row - self.starts[g]]))
        return found


def _assemble(out: Path, table: str, row_keys: list[str], store: PartitionStore, output: OutputOptions) -> int:
    """Write NAME.parquet and NAME.csv from the partitions' rows, in document order: each
    partition's Arrow table goes to the writer as it is read (no rows as Python objects)."""
    with TableWriter(out, table, csv_style=output.csv) as writer:
        for key in row_keys:
            try:
                rows = store.read_rows(table, key)
            except Exception as err:  # truncated, garbled or missing: never trusted
                raise DamagedRows(table, key, str(err).splitlines()[0] if str(err) else type(err).__name__) from None
            writer.write_arrow(rows)
    return writer.n_rows


def iter_parsed_docs(out: str | Path, options: EngineOptions = EngineOptions()) -> Iterator[tuple[str, Doc]]:
    """(doc_id, Doc) of every parsed document in documents order, from the parse cache
    (segments of a document parsed in pieces are joined). For reports and notebooks."""
    from spacy.tokens import DocBin

    from ..nlp.docstore import shared_vocab

    out = Path(out)
    refs, _ = document_refs(out)
    _model, model_key, options = choose_model(out, options, parsing_stage=False)  # reads the record only
    store = PartitionStore(out)
    for partition in partition_documents(refs, options.partition_docs):
        data = store.read_parse(partition.key(engine_fingerprint(*PARSE_CODE), model_key, str(options.segment_chars)))
        if data is None:
            continue
        docs = iter(DocBin().from_bytes(data).get_docs(shared_vocab()))
        for ref in partition.documents:
            pieces, length = [], 0
            while length < ref.n_chars:
                pieces.append(next(docs))
                length += len(pieces[-1].text)
            yield ref.doc_id, pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)
