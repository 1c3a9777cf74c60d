# Italian news pipeline. `make help` lists the targets.
# Data path: INPUT -> documents -> sentences (spaCy pass, cached parses)
#            -> entities -> quantities, attributions -> entity_report + report.html

INPUT ?= seeds
OUT   ?= outputs
MODEL ?=
DATA  ?= ../shared/data
PYTHON ?= python3

VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CLI   := $(PY) -m pipeline
MODEL_OPT := $(if $(MODEL),--model $(MODEL),)
MODEL_DIR := models/it_news_sm

INPUT_FILES := $(shell find $(INPUT) 2>/dev/null)
DATA_FILES  := $(wildcard pipeline/data/*.tsv)
CODE        := $(wildcard pipeline/*.py pipeline/stages/*.py)

.PHONY: help run test ingest sentences entities quantities attributions report model \
        evaluate-ner bench bench-model clean venv

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

$(OUT)/documents.parquet: $(INPUT_FILES) $(CODE) | $(STAMP)
	$(CLI) ingest --input $(INPUT) --out $(OUT)

$(OUT)/sentences.parquet: $(OUT)/documents.parquet $(wildcard $(MODEL_DIR)/meta.json)
	$(CLI) sentences --out $(OUT) $(MODEL_OPT)

$(OUT)/entities.parquet: $(OUT)/sentences.parquet $(DATA_FILES) $(wildcard pipeline/entities/*.py)
	$(CLI) entities --out $(OUT)

$(OUT)/quantities.parquet: $(OUT)/sentences.parquet $(DATA_FILES) $(wildcard pipeline/quantities/*.py)
	$(CLI) quantities --out $(OUT)

$(OUT)/attributions.parquet: $(OUT)/entities.parquet $(DATA_FILES) $(wildcard pipeline/attributions/*.py)
	$(CLI) attributions --out $(OUT)

$(OUT)/entity_report.parquet: $(OUT)/entities.parquet $(OUT)/quantities.parquet $(OUT)/attributions.parquet
	$(CLI) report --out $(OUT)

ingest: $(OUT)/documents.parquet ## Stage 1: read INPUT into documents
sentences: $(OUT)/sentences.parquet ## Stage 2: spaCy pass, sentences table
entities: $(OUT)/entities.parquet ## Stage 3: entities table
quantities: $(OUT)/quantities.parquet ## Stage 4: quantities table
attributions: $(OUT)/attributions.parquet ## Stage 5: attributions table
report: $(OUT)/entity_report.parquet ## Stage 6: entity_report and report.html

model: $(STAMP) ## Retrain models/it_news_sm from DATA (about 45 min on 2 cores)
	$(PY) -m pipeline.training.recipe --data $(DATA) --out $(MODEL_DIR)

evaluate-ner: $(STAMP) ## Score the entities logic on KIND WN_dev
	$(CLI) evaluate ner --gold $(DATA)/kind/WN_dev.tsv --predictions $(OUT)/ner_predictions.tsv $(MODEL_OPT)

bench-model: $(STAMP) ## Words per second of the model alone on WN_dev
	$(PY) -m pipeline.training.bench_model --data $(DATA) $(MODEL_OPT)

bench: $(STAMP) ## Corpus-scale benchmark against bare nlp.pipe (several minutes)
	$(CLI) bench --data $(DATA) --out $(OUT)/bench $(MODEL_OPT)

clean: ## Remove generated outputs (keeps .venv and the model)
	rm -rf $(OUT)/* build/
	touch $(OUT)/.gitkeep
