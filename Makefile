# Convenience targets; the README's two commands are scripts/run.sh and scripts/test.sh.
.PHONY: run test install uninstall fuzz soak bench bench-micro bench-check bench-thresholds generate

run:
	scripts/run.sh

test:
	scripts/test.sh

# The release binary to /usr/local/bin, the hardened unit, the documented config (an edited one is kept).
install:
	scripts/install.sh

uninstall:
	scripts/install.sh --uninstall

# Each libFuzzer target for a minute (scripts/fuzz.sh TARGET SECONDS for one).
fuzz:
	scripts/fuzz.sh all 60

# Ten minutes of load, rotation and restarts, then the table (scripts/soak.sh MINUTES).
soak:
	scripts/soak.sh 10

# End-to-end load: tracelink and rotel on the same OTLP load (release builds), table + Benchmarks/results/bench.json.
bench:
	scripts/install-dependencies.sh test
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	test -x .venv/bin/python || python3 -m venv .venv
	.venv/bin/pip install -q -r Tests/Integration/requirements.txt rotel
	.venv/bin/python Benchmarks/load/bench.py

# Micro benchmarks of the hot paths (package-benchmark, with allocation counts).
bench-micro:
	cd Benchmarks && swift package --disable-sandbox benchmark

# Fails when allocations regress past the committed thresholds (Benchmarks/Thresholds), or drop below them
# (then refresh them with bench-thresholds). Only mallocCountTotal is checked; time is shown, never asserted.
bench-check:
	cd Benchmarks && swift package --disable-sandbox benchmark thresholds check --path Thresholds

# Rewrites Benchmarks/Thresholds from a fresh run, allocation counts only; commit the result.
bench-thresholds:
	cd Benchmarks && swift package --disable-sandbox benchmark thresholds update --path Thresholds --metric mallocCountTotal --no-progress

generate:
	scripts/generate-protos.sh
	scripts/embed-default-config.sh
	scripts/embed-page-assets.sh
