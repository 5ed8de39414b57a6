#!/usr/bin/env bash
# Runs the tests of every module in this repository: the library, the
# command-line tool (cmd/jwt) and the comparison benchmarks (bench/).
# Arguments are passed to go test, e.g. ./test.sh -race or ./test.sh -v.
set -euo pipefail
cd "$(dirname "$0")"
for mod in $(find . -name go.mod -not -path './.git/*' -exec dirname {} \; | sort); do
	echo "== go test ${*:+$* }./... in ${mod}"
	(cd "$mod" && go test "$@" ./...)
done
