# The commands in the README. Each target does its own set-up when something is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --frozen
PYTEST := $(RUN) pytest -p no:cacheprovider --import-mode=importlib

.PHONY: help setup up down test test-tools test-repeat lint fmt infra-up infra-down infra-status images demo token \
	contracts run tap-consume tap-report cluster-test \
	asyncapi-check clean k8s-generate k8s-render k8s-validate \
	cluster-up cluster-down cluster-status \
	bench bench-quick

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(UV):
	@echo "[setup] installing uv"
	@python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv

.venv/.synced: $(UV) uv.lock pyproject.toml */pyproject.toml services/*/pyproject.toml
	@deploy/bin/ensure-c-compiler
	@echo "[setup] syncing the Python workspace"
	@# --compile-bytecode: with PYTHONDONTWRITEBYTECODE set (as on these machines) no process
	@# would ever cache .pyc, and every start compiles FastAPI, SQLAlchemy, pydantic... (ADR 20).
	@$(UV) sync --frozen --all-packages --quiet --compile-bytecode
	@touch $@

setup: .venv/.synced ## install the Python workspace (uv), and put uv on PATH when root
	@deploy/bin/ensure-uv-on-path $(UV)

infra-up: setup ## start Kafka, PostgreSQL and stripe-mock on 127.0.0.1
	@$(RUN) jobpeak-devstack up

infra-down: setup ## stop the local stack (data is kept)
	@$(RUN) jobpeak-devstack down

infra-status: setup ## show what of the local stack is running
	@$(RUN) jobpeak-devstack status

images: setup ## build every local image: base, Kafka, PostgreSQL, stripe-mock, HAProxy, services
	@deploy/bin/ensure-docker
	@$(RUN) jobpeak-devstack images

cluster-up: setup ## the production-shaped cluster (ADR 15) on the local engine, after `make images`
	@deploy/bin/ensure-docker
	@$(RUN) jobpeak-devstack cluster-up

cluster-down: setup ## stop and remove the cluster (only what cluster-up created)
	@$(RUN) jobpeak-devstack cluster-down

cluster-status: setup ## the cluster's containers and whether every service is ready
	@$(RUN) jobpeak-devstack cluster-status

cluster-test: setup ## the cluster's fault test (opt-in; after `make cluster-up`)
	@JOBPEAK_CLUSTER_TEST=1 $(PYTEST) -m cluster tests/cluster

up: setup ## run the platform: the stack, the four services, Coding published
	@$(RUN) jobpeak-devstack platform-up

down: setup ## stop everything `make up` started
	@$(RUN) jobpeak-devstack platform-down

test-tools: setup
	@deploy/bin/ensure-bank-toolchain
	@deploy/bin/ensure-kube-score >/dev/null
	@$(RUN) python -m jobpeak_contracts_dev.node_validators --install-only

test: test-tools ## run every test on real Kafka, PostgreSQL and stripe-mock
	@$(RUN) python -m jobpeak_contracts_dev.compat
	@$(PYTEST) --durations=15; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "[test] no tests were collected: that is a failure"; fi; \
	  exit $$status

test-repeat: test-tools ## rerun the integration, e2e and reliability tests N times, fail on any failure: make test-repeat N=8 [PATHS=tests/e2e]
	@n=$(or $(N),5); failed=0; \
	  selection="$(or $(PATHS),-m 'integration or e2e or reliability')"; \
	  for run in $$(seq 1 $$n); do \
	    echo "[test-repeat] run $$run of $$n: $$selection"; \
	    if ! eval $(PYTEST) -q $$selection; then failed=$$((failed + 1)); \
	      echo "[test-repeat] run $$run of $$n FAILED"; fi; \
	  done; \
	  echo "[test-repeat] $$((n - failed)) of $$n runs passed"; \
	  [ $$failed -eq 0 ]

lint: setup ## ruff format check, ruff lint, mypy --strict, import contracts (.importlinter)
	@$(RUN) ruff format --check .
	@$(RUN) ruff check .
	@$(RUN) mypy .
	@$(RUN) lint-imports --no-logo --cache-dir .cache/import-linter

fmt: setup ## format and autofix
	@$(RUN) ruff format .
	@$(RUN) ruff check --fix .

# While `make cluster-up`'s cluster runs (its state exists), `make demo` plays against it.
DEMO_CLUSTER := $(if $(wildcard deploy/cluster/.state/compose.env),1,)

demo: setup ## one candidate's journey against `make up` (or the cluster while it runs): make demo [ARGS=--fail-first]
	@JOBPEAK_DEMO_CLUSTER=$${JOBPEAK_DEMO_CLUSTER:-$(DEMO_CLUSTER)} $(RUN) jobpeak-demo $(ARGS)

tap-consume: setup ## read the public topics into DuckDB: make tap-consume [ARGS="--live --parquet DIR"]
	@$(RUN) jobpeak-tap consume $(ARGS)

tap-report: setup ## the analysts' funnel report: make tap-report [ARGS="--specialty coding"]
	@$(RUN) jobpeak-tap report $(ARGS)

run: setup ## any workspace command, uv or not on PATH: make run CMD="python -m benchmarks.suite --quick"
	@$(RUN) $(CMD)

token: setup ## a development JWT: make token ROLE=candidate SUBJECT=me
	@$(RUN) jobpeak-devstack token --role $(or $(ROLE),candidate) --subject $(or $(SUBJECT),dev-candidate-1)

contracts: setup ## regenerate JSON Schemas and the AsyncAPI document from the contracts
	@$(RUN) python -m jobpeak_contracts_dev.generate

asyncapi-check: setup ## validate docs/asyncapi.json with @asyncapi/parser and every pattern with ajv
	@$(RUN) python -m jobpeak_contracts_dev.node_validators

k8s-generate: setup ## regenerate the Strimzi topics/users (deploy/k8s) and docs/deploy.md's settings tables
	@$(RUN) jobpeak-admin render strimzi > deploy/k8s/base/kafka/generated.yaml
	@$(RUN) jobpeak-admin docs settings docs/deploy.md

k8s-render: ## print an overlay's manifests: make k8s-render OVERLAY=production (or production-hpa)
	@kubectl kustomize deploy/k8s/overlays/$(or $(OVERLAY),production)

k8s-validate: setup ## render every overlay, check the schemas (kubernetes-validate) and kube-score, offline
	@deploy/bin/ensure-kube-score >/dev/null
	@$(PYTEST) tests/k8s -q

clean: ## remove caches and the local stack's data
	@$(MAKE) --no-print-directory infra-down || true
	rm -rf .cache .venv .mypy_cache .ruff_cache

bench: setup ## every benchmark beside its baseline; one report in .cache/bench/<time>/
	@$(RUN) python -m benchmarks.suite

bench-quick: setup ## the short version of `make bench` (under 3 minutes)
	@$(RUN) python -m benchmarks.suite --quick
