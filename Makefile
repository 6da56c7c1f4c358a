# Parcours — the two commands a newcomer needs:
#   make demo   build, generate a sample (raw certifier files + harmonised rows), ingest it
#               pseudonymised into a store, list the rejects, describe and verify the store, run a query
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

# The demo key is a fixed text: a real observatory keeps a random key outside the store.
demo: build
	@rm -rf $(DEMO_DIR)
	.build/release/parcours generate --rows $(DEMO_ROWS) --seed 1 --out $(DEMO_DIR)/files --harmonised-others-only
	@printf 'parcours demo key: not a secret!' > $(DEMO_DIR)/demo.key
	.build/release/parcours ingest $(DEMO_DIR)/store $(DEMO_DIR)/files/pathways.csv
	@for style in educ-nat sante-social travail; do \
	  echo ".build/release/parcours ingest $(DEMO_DIR)/store $(DEMO_DIR)/files/raw/$$style.csv --mapping mappings/$$style.json5 --key-file $(DEMO_DIR)/demo.key"; \
	  .build/release/parcours ingest $(DEMO_DIR)/store $(DEMO_DIR)/files/raw/$$style.csv --mapping mappings/$$style.json5 --key-file $(DEMO_DIR)/demo.key || exit 1; \
	done
	.build/release/parcours rejects $(DEMO_DIR)/store --limit 8
	.build/release/parcours describe $(DEMO_DIR)/store
	.build/release/parcours verify $(DEMO_DIR)/store
	.build/release/parcours query $(DEMO_DIR)/store -f Benchmarks/queries/1_funnel_by_certifier.sql --mode table

test: deps
	$(SWIFT) test

benchmarks: deps
	cd Benchmarks && $(SWIFT) package benchmark

clean-demo:
	rm -rf $(DEMO_DIR)
