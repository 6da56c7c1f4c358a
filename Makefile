# Parcours — the two commands a newcomer needs:
#   make demo   build, generate a sample (raw certifier files + harmonised rows), ingest it
#               pseudonymised into a store, publish the annual indicator set (CSV, JSON, HTML report)
#   make test   run the test suite
# Both install what a fresh Debian machine lacks (liblz4-dev) first.

SWIFT ?= swift
DEMO_DIR ?= demo
DEMO_ROWS ?= 1000000

.PHONY: deps build demo test benchmarks clean-demo

deps:
	@./scripts/install-deps

build: deps
	$(SWIFT) build -c release --product parcours

# `parcours demo` generates the sample (raw certifier files + harmonised rows), ingests it with a fixed
# demo key, publishes the indicator set of the latest full year and prints where the report is.
demo: build
	.build/release/parcours demo $(DEMO_DIR) --rows $(DEMO_ROWS)

test: deps
	$(SWIFT) test

benchmarks: deps
	cd Benchmarks && $(SWIFT) package benchmark

clean-demo:
	rm -rf $(DEMO_DIR)
