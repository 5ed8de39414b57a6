#!/usr/bin/env bash
# Runs the comparison benchmarks and writes results/latest.md: the machine,
# the Go version, the command, and a table of the median ns/op and
# allocs/op of each library with its ratios to the floor and to golang-jwt.
#
# The benchmarks run ROUNDS times (default 6), each round a
# `go test -bench . -benchmem -count 1` of every benchmark, so that on a
# busy machine the libraries and the floor are measured side by side in
# every round rather than minutes apart; benchstat then takes the medians.
#
#   ./run.sh                          # everything, 6 rounds
#   ROUNDS=10 BENCH='Verify/HS256|Floor' ./run.sh
set -euo pipefail
cd "$(dirname "$0")"

rounds=${ROUNDS:-6}
bench=${BENCH:-.}
benchtime=${BENCHTIME:-1s}
gobin="$PWD/.bin"
benchstat="$gobin/benchstat"
if [ ! -x "$benchstat" ]; then
	GOBIN="$gobin" go install golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
fi

mkdir -p results
raw=results/raw.txt
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
go test -c -o "$gobin/bench.test" .
: >"$raw"
for i in $(seq "$rounds"); do
	echo "== round $i of $rounds" >&2
	"$gobin/bench.test" -test.run '^$' -test.bench "$bench" -test.benchmem \
		-test.benchtime "$benchtime" -test.count 1 | tee -a "$raw" >&2
done
"$benchstat" "$raw" >results/benchstat.txt

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
{
	echo "# jotgo/jwt against golang-jwt v5.3.1, jwx v3.4.0 and go-jose v4.1.9"
	echo
	echo "- Machine: ${cpu:-unknown CPU}, $(nproc) cores, $(uname -sm)"
	echo "- $(go version)"
	echo "- Date: $(date -u +%Y-%m-%d)"
	echo "- Command: \`ROUNDS=$rounds BENCH='$bench' BENCHTIME=$benchtime ./run.sh\` in bench/"
	echo "- Medians of $rounds round(s); each ratio compares medians measured in the same rounds."
	echo "- Load average before / after the run: $load_before / $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
	"$benchstat" -format csv "$raw" 2>/dev/null | go run ./cmd/benchtable
} >results/latest.md
cat results/latest.md
