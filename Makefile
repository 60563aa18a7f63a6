# The two commands a newcomer needs, and a few for developers. Each sets up what it needs first.
#   make serve   set up, build, and serve on http://127.0.0.1:8080 (creates amparo.db on first run)
#   make test    set up, build (warnings are errors), and run every test
.PHONY: serve test test-asan build format format-check bench setup clean

JOBS ?= $(shell nproc)
ARGS ?=

setup:
	@scripts/setup

build: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

serve: build
	./build/release/apps/amparo/amparo serve $(ARGS)

test: setup
	@cmake --preset ci >/dev/null
	@cmake --build --preset ci -j $(JOBS)
	@ctest --preset ci

test-asan: setup
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --preset asan

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

format-check: setup
	@git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

bench: build
	@scripts/setup --bench
	@bench/http/run
	@bench/search/run

clean:
	rm -rf build
