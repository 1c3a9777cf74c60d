# Italian news pipeline. `make help` lists the targets.
# Data path: INPUT -> documents -> sentences (spaCy pass, cached parses)
#            -> entities -> quantities, attributions -> entity_report + report.html

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

INPUT_FILES := $(shell find $(INPUT) 2>/dev/null)
DATA_FILES  := $(wildcard pipeline/data/*.tsv)
CORE        := $(wildcard pipeline/*.py pipeline/stages/common.py)
MODEL_FILES := $(shell find $(MODEL_DIR) -type f 2>/dev/null)
# MODEL= is remembered in a file rewritten only when it changes, so choosing
# another model reruns the model pass and everything after it. It is written by
# a rule (never while make reads this file), after ingest has checked OUT.
MODEL_CHOICE := $(OUT)/work/model-choice

# Stages share one output folder (and its lock): make runs them one at a time even with -j;
# parallelism is inside a stage (--n-process, --scheduler).
.NOTPARALLEL:

.PHONY: help run test ingest sentences entities quantities attributions report model \
        evaluate-ner bench bench-model bench-report clean venv browse FORCE

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'
	@echo "  variables: INPUT=$(INPUT) OUT=$(OUT) MODEL=$(MODEL) DATA=$(DATA)"

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

venv: $(STAMP) ## Create .venv and install the project with its pinned dependencies

run: $(OUT)/entity_report.parquet ## Run every stage on INPUT into OUT (only what changed)

test: $(STAMP) ## Run the test suite
	$(PY) -m pytest

# Each stage also touches its table: a stage that finds nothing changed keeps
# the table as it is, and make must still see it as up to date.
$(OUT)/documents.parquet: $(INPUT_FILES) pipeline/stages/ingest.py $(CORE) | $(STAMP)
	$(CLI) ingest --input $(INPUT) --out $(OUT) && touch $@

$(MODEL_CHOICE): FORCE | $(OUT)/documents.parquet
	@mkdir -p $(@D); [ "$$(cat $@ 2>/dev/null)" = "$(MODEL)." ] || echo "$(MODEL)." > $@
FORCE:

$(OUT)/sentences.parquet: $(OUT)/documents.parquet $(MODEL_CHOICE) $(MODEL_FILES) pipeline/stages/sentences.py
	$(CLI) sentences --out $(OUT) $(MODEL_OPT) && touch $@

$(OUT)/entities.parquet: $(OUT)/sentences.parquet $(DATA_FILES) $(wildcard pipeline/extractors/entities/*.py) pipeline/stages/entities.py
	$(CLI) entities --out $(OUT) && touch $@

$(OUT)/quantities.parquet: $(OUT)/sentences.parquet $(DATA_FILES) $(wildcard pipeline/extractors/quantities/*.py) pipeline/stages/quantities.py
	$(CLI) quantities --out $(OUT) && touch $@

$(OUT)/attributions.parquet: $(OUT)/entities.parquet $(DATA_FILES) $(wildcard pipeline/extractors/attributions/*.py) pipeline/stages/attributions.py
	$(CLI) attributions --out $(OUT) && touch $@

EXPLORER_FILES := $(wildcard pipeline/explorer/*.py pipeline/explorer/*.js pipeline/explorer/*.css pipeline/explorer/*.html)
$(OUT)/entity_report.parquet: $(OUT)/entities.parquet $(OUT)/quantities.parquet $(OUT)/attributions.parquet pipeline/stages/report.py $(EXPLORER_FILES)
	$(CLI) report --out $(OUT) && touch $@

ingest: $(OUT)/documents.parquet ## Stage 1: read INPUT into documents
sentences: $(OUT)/sentences.parquet ## Stage 2: spaCy pass, sentences table
entities: $(OUT)/entities.parquet ## Stage 3: entities table
quantities: $(OUT)/quantities.parquet ## Stage 4: quantities table
attributions: $(OUT)/attributions.parquet ## Stage 5: attributions table
report: $(OUT)/entity_report.parquet ## Stage 6: claims, entity_report, report.html, news.sqlite

PORT ?= 8001
browse: $(OUT)/entity_report.parquet ## Browse OUT/news.sqlite with Datasette on 127.0.0.1:PORT
	$(CLI) browse --out $(OUT) --port $(PORT)

model: $(STAMP) ## Retrain models/it_news_sm from DATA (about an hour on 2 cores)
	$(PY) -m pipeline.training.recipe --data $(DATA) --out $(MODEL_DIR) --build build/model --with-dev

evaluate-ner: $(STAMP) ## Score the entities logic on KIND WN_dev, sentence by sentence and by article
	$(CLI) evaluate ner --gold $(DATA)/kind/WN_dev.tsv --sentences --predictions $(OUT)/ner_predictions.tsv $(MODEL_OPT)
	$(CLI) evaluate ner --gold $(DATA)/kind/WN_dev.tsv --documents --predictions $(OUT)/ner_predictions_documents.tsv $(MODEL_OPT)

bench-model: $(STAMP) ## Words per second of the model alone on WN_dev
	$(PY) -m pipeline.training.bench_model --data $(DATA) $(MODEL_OPT)

bench: $(STAMP) ## Corpus-scale benchmark against bare nlp.pipe (several minutes), then bench-report
	$(CLI) bench --data $(DATA) --out $(OUT)/bench $(MODEL_OPT)
	$(MAKE) bench-report

bench-report: $(STAMP) ## report.html at 50 and 10,000 documents in headless Chromium (size, time to interactive)
	$(PY) -m pipeline.bench.explorer --data $(DATA) --out $(OUT)/bench/explorer $(MODEL_OPT)

clean: $(STAMP) ## Remove what the pipeline wrote in OUT, nothing else (refuses /, ~, the source tree ...), and build/
	$(CLI) clean --out "$(OUT)"
	rm -rf build/
