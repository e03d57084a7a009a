#!/usr/bin/env bash
# Runs every fuzz target of the module for FUZZTIME each (a duration like 1m, or a count of
# inputs like 10000x as `make test` does; `make fuzz FUZZTIME=5m` for a real session). Go runs one fuzz
# target per invocation, so this finds them and loops. New crashers land in the package's
# testdata/fuzz/<Target>/ and fail the run; commit them once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-3s}
log=$(mktemp "${TMPDIR:-/tmp}/beian-fuzz.XXXXXX")
trap 'rm -f "$log"' EXIT
n=0
while IFS= read -r line; do
  file=${line%%:*}
  target=$(sed -E 's/.*func (Fuzz[A-Za-z0-9_]*)\(.*/\1/' <<<"$line")
  pkg=./$(dirname "$file")
  echo "==> $target ($pkg, $FUZZTIME)"
  "$GO" test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" "$pkg" >"$log" 2>&1 || { cat "$log"; exit 1; }
  tail -n 1 "$log"
  n=$((n + 1))
done < <(grep -rn --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' internal cmd | sort)
if [ "$n" -eq 0 ]; then
  echo "fuzz: no fuzz targets found under internal/ and cmd/" >&2
  exit 1
fi
echo "fuzz: $n targets ran for $FUZZTIME each, no failures"
