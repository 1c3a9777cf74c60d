# Italian news pipeline. `make help` lists the targets.
# Data path: INPUT -> documents (ingest) -> one pass per partition of documents: parse,
#            sentences, entities, quantities, attributions (pipeline/engine/) -> report:
#            claims, entity_report, statement_groups, figure_conflicts, report.html, news.sqlite (under OUT).
# Every target calls the CLI, which skips whatever is unchanged (partition caches keyed
# by texts, model, code and data files), so the targets are phony.

INPUT ?= seeds
OUT   ?= outputs
MODEL ?=
DATA  ?= ../shared/data
PYTHON ?= python3

# An empty OUT would put every output (and `clean`) at the filesystem root.
ifeq ($(strip $(OUT)),)
$(error OUT is empty: name the output folder, e.g. OUT=outputs)
endif

VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CLI   := $(PY) -m pipeline
MODEL_OPT := $(if $(MODEL),--model $(MODEL),)
MODEL_DIR := models/it_news_sm

# Stages share one output folder (and its lock): make runs them one at a time even with -j;
# parallelism is inside a stage (--n-process, --scheduler).
.NOTPARALLEL:

.PHONY: help lock lint run test ingest sentences entities quantities attributions report model \
        evaluate-ner bench bench-model bench-report clean venv browse cue-model evaluate-corpus bench-stages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'
	@echo "  variables: INPUT=$(INPUT) OUT=$(OUT) MODEL=$(MODEL) DATA=$(DATA)"

LOCK  := requirements.lock

# The exact versions of requirements.lock, then the project itself without
# resolving again (pyproject.toml keeps the ranges, for `pip install .`).
$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q "$$(grep '^pip==' $(LOCK))"
	$(PY) -m pip install -q -r $(LOCK)
	$(PY) -m pip install -q --no-deps -e '.[test]'
	touch $@

venv: $(STAMP) ## Create .venv and install the project with the exact versions of requirements.lock

lock: ## Resolve pyproject.toml's ranges again into requirements.lock (pip-tools in build/locktools)
	test -x build/locktools/bin/pip-compile || ($(PYTHON) -m venv build/locktools && build/locktools/bin/pip install -q pip-tools)
	build/locktools/bin/pip-compile -q --upgrade --extra test --allow-unsafe --strip-extras \
	    --no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml

run: $(STAMP) ## Run every stage on INPUT into OUT in one pass per partition (only what changed)
	$(CLI) run --input $(INPUT) --out $(OUT) $(MODEL_OPT) $(RUN_OPTS)

lint: $(STAMP) ## Lint the code with ruff (rules in pyproject.toml)
	$(PY) -m ruff check .

test: $(STAMP) ## Run the test suite
	$(PY) -m pytest

# One stage at a time, after the stages it reads (each skips what is unchanged).
ingest: $(STAMP) ## Stage 1: read INPUT into documents
	$(CLI) ingest --input $(INPUT) --out $(OUT)

sentences: ingest ## Stage 2: the model pass (parses cached per partition), sentences table
	$(CLI) sentences --out $(OUT) $(MODEL_OPT)

entities: sentences ## Stage 3: entities table (from the cached parses)
	$(CLI) entities --out $(OUT)

quantities: sentences ## Stage 4: quantities table
	$(CLI) quantities --out $(OUT)

attributions: sentences ## Stage 5: attributions table (computes the entities it needs)
	$(CLI) attributions --out $(OUT)

report: entities quantities attributions ## Stage 6: claims, entity_report, statement_groups, figure_conflicts, report.html, news.sqlite
	$(CLI) report --out $(OUT)

PORT ?= 8001
browse: $(STAMP) ## Browse OUT/news.sqlite with Datasette on 127.0.0.1:PORT
	$(CLI) browse --out $(OUT) --port $(PORT)

model: $(STAMP) ## Retrain models/it_news_sm from DATA (about an hour on 2 cores)
	$(PY) -m pipeline.training.recipe --data $(DATA) --out $(MODEL_DIR) --build build/model --with-dev

evaluate-ner: $(STAMP) ## Score the entities logic on KIND WN_dev, sentence by sentence and by article
	$(CLI) evaluate ner --gold $(DATA)/kind/WN_dev.tsv --sentences --predictions $(OUT)/ner_predictions.tsv $(MODEL_OPT)
	$(CLI) evaluate ner --gold $(DATA)/kind/WN_dev.tsv --documents --predictions $(OUT)/ner_predictions_documents.tsv $(MODEL_OPT)

# The annotated news corpus (tests/gold/news_corpus): train the attributions stage's learned cue
# decision on its train split, and score every stage on a split (dev while working; heldout once).
SPLIT ?= dev
cue-model: $(STAMP) ## Train the learned cue decision (pipeline/data/attribution_cue_model.json) on the corpus train split
	$(PY) -m pipeline.training.attribution_cues train

evaluate-corpus: $(STAMP) ## Score attributions (rules vs learned, then the whole run), entities, quantities on SPLIT=dev|heldout
	$(PY) -m pipeline.training.attribution_cues ablate --split $(SPLIT)
	$(PY) -m pipeline.evaluate.corpus export $(SPLIT) build/corpus-$(SPLIT)
	$(CLI) evaluate attributions --gold build/corpus-$(SPLIT)/attributions.jsonl --input build/corpus-$(SPLIT)/docs $(MODEL_OPT)
	$(CLI) evaluate entities --gold build/corpus-$(SPLIT)/entities.jsonl --input build/corpus-$(SPLIT)/docs $(MODEL_OPT)
	$(CLI) evaluate quantities --gold build/corpus-$(SPLIT)/quantities.jsonl --input build/corpus-$(SPLIT)/docs $(MODEL_OPT)

bench-stages: $(STAMP) ## Seconds of each extractor beside the model pass on the corpus texts (share of the model pass)
	$(PY) -m pipeline.bench.stages $(MODEL_OPT)

bench-model: $(STAMP) ## Words per second of the model alone on WN_dev (BASELINE=other model: both, same run, and the ratio)
	$(PY) -m pipeline.training.bench_model --data $(DATA) $(MODEL_OPT) $(if $(BASELINE),--baseline $(BASELINE),)

bench: $(STAMP) ## Every performance target (about two hours on 2 cores), then bench-report
	$(CLI) bench --data $(DATA) --out $(OUT)/bench $(MODEL_OPT)
	$(MAKE) bench-report

bench-report: $(STAMP) ## report.html at 50 and 10,000 documents in headless Chromium (size, time to interactive)
	$(PY) -m pipeline.bench.explorer --data $(DATA) --out $(OUT)/bench/explorer $(MODEL_OPT)

clean: $(STAMP) ## Remove what the pipeline wrote in OUT, nothing else (refuses /, ~, the source tree ...), and build/
	$(CLI) clean --out "$(OUT)"
	rm -rf build/
