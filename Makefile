# Parcours — the two commands a newcomer needs:
#   make demo   build, generate a sample (raw certifier files + harmonised rows), ingest it
#               pseudonymised into a store, publish the annual indicator set (CSV, JSON, HTML report)
#   make test   run the test suite (with the DuckDB and headless-Chromium checks)
# Both install what a fresh Debian machine lacks (liblz4-dev, zlib1g-dev, libzstd-dev, libxlsxwriter-dev; for the tests,
# chromium, chromium-driver, duckdb, openpyxl, pyarrow and selenium) first.

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
	@rm -rf $(DEMO_DIR)  # also a folder an older `make demo` left
	.build/release/parcours demo $(DEMO_DIR) --rows $(DEMO_ROWS)

# The tests that compare with DuckDB, open the report in Chromium and read workbooks openpyxl wrote run
# here (installed if missing); plain `swift test` skips them when those programs are absent.
test: deps
	@./scripts/install-test-peers
	PARCOURS_REQUIRE_DUCKDB=1 PARCOURS_REQUIRE_CHROMIUM=1 PARCOURS_REQUIRE_OPENPYXL=1 PARCOURS_REQUIRE_PYARROW=1 $(SWIFT) test

benchmarks: deps
	cd Benchmarks && $(SWIFT) package benchmark

clean-demo:
	rm -rf $(DEMO_DIR)
