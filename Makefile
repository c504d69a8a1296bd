# kalypsoc: `make` installs what is missing, builds and regenerates out/ from
# stacks/kalypso.yaml; `make test` runs every test and checks every shipped stack.
BUILD   ?= build
DEBIAN_PACKAGES := cmake g++ make git libyaml-cpp-dev libjsonnet-dev nlohmann-json3-dev libcli11-dev doctest-dev
STACKS  := stacks/kalypso.yaml $(wildcard examples/*/stack.yaml examples/*/stack.jsonnet)

PREFIX  ?= /usr/local

.PHONY: all deps test-deps build test test-asan test-tsan fuzz clean bench install package

all: build
	$(BUILD)/kalypsoc build

# Installs only the Debian packages that are missing (idempotent; needs root for apt-get).
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# What the tests run besides the compiler: the real pre-commit and yamllint (Debian), and
# node for mermaid's parser and ajv (tests/js, pinned by its package-lock.json). The
# machine's own Node.js (20) is used when there is one; Debian's otherwise.
TEST_PACKAGES := pre-commit yamllint git
test-deps:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(TEST_PACKAGES)"
	@command -v npm > /dev/null || $(MAKE) --no-print-directory deps DEBIAN_PACKAGES="nodejs npm"
	@[ -d tests/js/node_modules ] || (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)

$(BUILD)/Makefile: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

# The tool first (usable while the test binaries still compile), then everything else.
build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j$$(nproc) --target kalypsoc
	cmake --build $(BUILD) -j$$(nproc)

# The binary, its man page and bash/zsh/fish completions under $(PREFIX) (and $(DESTDIR)).
install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

# A Debian package (CPack): $(BUILD)/kalypsoc_<version>_<arch>.deb, for `apt install ./...deb`.
package: build
	cd $(BUILD) && cpack -G DEB

test: build test-deps
	cd $(BUILD) && ctest --output-on-failure
	@for s in $(STACKS); do echo "kalypsoc check $$s"; $(BUILD)/kalypsoc check $$s || exit 1; done

# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps test-deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKALYPSO_SANITIZE=ON
	cmake --build build-asan -j$$(nproc)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure

# The stages that run on every core (resolve, wire, render, the tree scan) under
# ThreadSanitizer, on fleets big enough to start their threads.
test-tsan: deps
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKALYPSO_TSAN=ON
	cmake --build build-tsan -j$$(nproc) --target kalypsoc kalypso_bench
	tests/tsan_test.sh build-tsan

# Each libFuzzer target for FUZZ_SECONDS, seeded with the golden stacks; crashers land in
# tests/fuzz/crashers/ (keep each as a regression case under tests/cases/).
FUZZ_SECONDS ?= 60
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKALYPSO_FUZZ=ON
	cmake --build build-fuzz -j$$(nproc) --target fuzz_load fuzz_compile
	mkdir -p build-fuzz/corpus tests/fuzz/crashers
	cp tests/cases/*/stack.yaml stacks/*.yaml build-fuzz/corpus/ 2>/dev/null || true
	for i in tests/cases/*/stack.yaml; do cp $$i build-fuzz/corpus/$$(basename $$(dirname $$i)).yaml; done
	for t in fuzz_load fuzz_compile; do \
	  build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=30 \
	    -artifact_prefix=tests/fuzz/crashers/ build-fuzz/corpus || exit 1; \
	done

# Full and no-op builds of the reference stack and synthetic 10/100/1000-component stacks,
# as ratios to one bare libjsonnet evaluation (see bench/README.md).
BENCH_RUNS ?= 11
bench: build
	$(BUILD)/kalypso_bench $(BUILD)/kalypsoc stdlib stacks/kalypso.yaml $(BENCH_RUNS)

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz
