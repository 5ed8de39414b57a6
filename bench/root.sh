#!/usr/bin/env bash
# Runs the root module's benchmarks that README.md quotes, in interleaved
# rounds, and writes results/root.txt: the command, the machine and
# benchstat's medians. VerifyParallel runs with 1 and 2 CPUs.
#
#   ./root.sh                         # 10 rounds of 300ms
#   ROUNDS=6 BENCHTIME=1s ./root.sh
set -euo pipefail
cd "$(dirname "$0")"

rounds=${ROUNDS:-10}
benchtime=${BENCHTIME:-300ms}
# go test matches a pattern level by level, split at each slash, so each
# benchmark gets a pattern of its own.
serial=(
	'BenchmarkVerify$/HS256/'
	'BenchmarkSign$/HS256/'
	'BenchmarkFloor$/(Verify|Sign)/HS256/'
	'BenchmarkVerifyOverhead$'
	'BenchmarkSignOverhead$'
	'BenchmarkVerifySize$'
)
parallel='BenchmarkVerifyParallel$/^(HS256|RS256|ES256|EdDSA)$'
gobin="$PWD/.bin"
benchstat="$gobin/benchstat"
if [ ! -x "$benchstat" ]; then
	GOBIN="$gobin" go install golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
fi

mkdir -p results
raw=results/root-raw.txt
(cd .. && go test -c -o "$gobin/root.test" .)
: >"$raw"
for i in $(seq "$rounds"); do
	echo "== round $i of $rounds" >&2
	for pattern in "${serial[@]}"; do
		(cd .. && "$gobin/root.test" -test.run '^$' -test.benchmem \
			-test.benchtime "$benchtime" -test.bench "$pattern") | tee -a "$raw" >&2
	done
	(cd .. && "$gobin/root.test" -test.run '^$' -test.benchmem -test.benchtime "$benchtime" \
		-test.cpu 1,2 -test.bench "$parallel") | tee -a "$raw" >&2
done
{
	echo "Root module benchmarks, medians of $rounds interleaved round(s)."
	echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(uname -sm)"
	echo "$(go version), $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "Command: ROUNDS=$rounds BENCHTIME=$benchtime ./root.sh in bench/"
	echo
	"$benchstat" "$raw"
} >results/root.txt
cat results/root.txt
