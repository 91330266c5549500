# smartgov — the two commands a fresh Debian bookworm machine needs:
#   make run    install dependencies, build, serve the demo on http://127.0.0.1:8080
#   make test   install dependencies, build, run every test
# With CI=true, `make test` also runs the whole suite under AddressSanitizer and
# UndefinedBehaviorSanitizer, and the format and static checks.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
LISTEN     ?= 127.0.0.1:8080
CTEST_ARGS ?= --output-on-failure -j $(JOBS)
SOURCES     = $(shell git ls-files '*.cc' '*.h' 2>/dev/null)

.PHONY: all deps build run test test-asan lint format bench clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/smartgov serve --demo --listen $(LISTEN)

test: build
	cd $(BUILD) && ctest $(CTEST_ARGS)
ifeq ($(CI),true)
	$(MAKE) test-asan
	$(MAKE) lint
endif

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMARTGOV_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest $(CTEST_ARGS)

lint: deps
	clang-format --dry-run --Werror $(SOURCES)
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	run-clang-tidy -quiet -p $(BUILD) -j $(JOBS) '$(CURDIR)/src/' >$(BUILD)/clang-tidy.log 2>&1 \
	  || { grep -E 'warning:|error:' $(BUILD)/clang-tidy.log | sort -u; exit 1; }
	@! grep -E '^/.*(warning|error):' $(BUILD)/clang-tidy.log || exit 1

format: deps
	clang-format -i $(SOURCES)

bench: deps
	@cmake -S . -B $(BUILD)-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSMARTGOV_BUILD_TESTS=OFF \
	  -DSMARTGOV_BUILD_BENCHMARKS=ON >/dev/null
	@cmake --build $(BUILD)-bench -j $(JOBS)
	./bench/http_bench.sh $(BUILD)-bench/smartgov

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BUILD)-bench
