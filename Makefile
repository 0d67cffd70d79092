# Thin wrapper around CMake. `make demo` and `make test` install missing Debian packages first.
BUILD_DIR   ?= build
BUILD_TYPE  ?= Release
JOBS        ?= $(shell nproc)
DEMO_DB     := $(BUILD_DIR)/demo.db
CMAKE_FLAGS ?=

.PHONY: all deps build demo test clean fuzz nightly bench-index bench-cluster bench-query bench-startup bench-load bench-watch install package

all: build

deps:
	@bash tools/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@bash tools/demo.sh $(BUILD_DIR)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The tools, man pages, bash/zsh completions and gazetteers under PREFIX (default /usr/local).
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

# A Debian package (build/dossier_VERSION_ARCH.deb) with its dependencies; install it with
# apt-get install ./build/dossier_*.deb
package: build
	cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf $(BUILD_DIR)

# libFuzzer targets (clang, ASan + UBSan) in build-fuzz, FUZZ_SECONDS (default 60) each.
fuzz: deps
	bash tests/fuzz/run.sh

# The long runs that `make test` keeps short (docs/reliability.md): 200 kill-and-rerun
# iterations, a 10-minute soak, and every fuzz target for an hour (NIGHTLY_FUZZ_SECONDS).
nightly: build
	KILL_ITERATIONS=200 DOSSIER_BIN=$(abspath $(BUILD_DIR))/bin DOSSIER_SOURCE=$(CURDIR) bash tests/e2e/test_kill_and_rerun.sh
	SOAK_SECONDS=600 DOSSIER_BIN=$(abspath $(BUILD_DIR))/bin DOSSIER_SOURCE=$(CURDIR) bash tests/e2e/test_soak.sh
	FUZZ_SECONDS=$${NIGHTLY_FUZZ_SECONDS:-3600} FUZZ_JOBS=$(JOBS) bash tests/fuzz/run.sh

# Indexing throughput, Dossier vs Xapian scriptindex, on generated corpora (bench/index_bench.sh;
# sizes: BENCH_PASSAGES="100000 1000000"); results in bench/results/index.json.
bench-index: build
	BUILD_DIR=$(BUILD_DIR) bash bench/index_bench.sh

# Query latency: one database vs three shards, local and behind xapian-tcpsrv on loopback
# (bench/cluster_latency.sh); results in bench/results/cluster-latency.json.
bench-cluster: build
	BUILD_DIR=$(BUILD_DIR) bash bench/cluster_latency.sh

# Query latency, Dossier vs plain Xapian vs SQLite FTS5, same corpus and queries (bench/query_bench.sh;
# sizes: BENCH_PASSAGES="200000 1000000"); results in bench/results/query-N.{json,md}.
bench-query: build
	BUILD_DIR=$(BUILD_DIR) bash bench/query_bench.sh

# Query latency on a busy machine: the default search against --search-threads 1, idle, beside a
# busy core and while dossier-index runs (bench/load_bench.sh; sizes: BENCH_PASSAGES); results in
# bench/results/load-N.{json,md}.
bench-load: build
	BUILD_DIR=$(BUILD_DIR) bash bench/load_bench.sh

# Standing queries: dossier-watch new over 10 watches after an indexing run, against the same 10
# queries as one-shot searches (bench/watch_bench.sh; size: BENCH_PASSAGES, default 1M); results in
# bench/results/watch-N.{json,md}.
bench-watch: build
	BUILD_DIR=$(BUILD_DIR) bash bench/watch_bench.sh

# One-shot start-up: dossier-search against the sqlite3 shell, one process per query of the mix, at
# 100k and 1M passages in one run (bench/startup_bench.sh); results in bench/results/startup-N.{json,md}.
bench-startup: build
	BUILD_DIR=$(BUILD_DIR) bash bench/startup_bench.sh
