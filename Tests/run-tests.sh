#!/usr/bin/env bash
# Runs every test of TransitBGP: installs what the tests need, then builds and runs them.
# Usage (from the repository root): bash Tests/run-tests.sh
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== lab dependencies (FRR, BIRD, GoBGP, iproute2, jq, Graphviz, tshark; skipped when installed)"
bash Tests/lab/install-deps.sh

echo "== build (debug, with tests)"
swift build --build-tests

echo "== fuzz corpus replay (the libFuzzer target's checks, without libFuzzer)"
swift run FuzzBGPWire Tests/Fuzz/corpus

echo "== benchmark smoke runs (small N, so the benchmarks cannot rot; figures are not judged here)"
swift run -c release transit-bgp-bench codec --prefixes 10000 --attribute-sets 500 --runs 1
swift run -c release transit-bgp-bench lpm --prefixes 10000 --lookups 100000 --runs 1
swift run -c release transit-bgp-bench propagate --prefixes 2000 --connections 4 --vpcs 5
swift run -c release transit-bgp-bench simulate --prefixes 2000 --connections 4 --vpcs 5
swift run -c release transit-bgp-bench ingest --prefixes 10000 --runs 1
swift run -c release transit-bgp-bench flap --updates 2000 --runs 1
# The lab failover bench (root, ~15 s): the debug transit-bgp built above runs the lab.
swift run -c release transit-bgp-bench failover --prefixes 200 --dpd-timeout 3 --transit-bgp .build/debug/transit-bgp

echo "== tests"
swift test --skip-build
