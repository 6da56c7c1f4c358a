# Parcours — the two commands a newcomer needs:
#   make demo   build, generate a sample, load it into a store, describe and verify it
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

demo: build
	@rm -rf $(DEMO_DIR)
	.build/release/parcours init $(DEMO_DIR)/store
	.build/release/parcours generate --rows $(DEMO_ROWS) --seed 1 --out $(DEMO_DIR)/files --store $(DEMO_DIR)/store
	.build/release/parcours describe $(DEMO_DIR)/store
	.build/release/parcours verify $(DEMO_DIR)/store

test: deps
	$(SWIFT) test

benchmarks: deps
	cd Benchmarks && $(SWIFT) package benchmark

clean-demo:
	rm -rf $(DEMO_DIR)
