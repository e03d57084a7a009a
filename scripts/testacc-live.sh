#!/usr/bin/env bash
# `make testacc-live`: TestAccLive — the acceptance subset that runs against the real Alibaba
# Cloud — with the account given in the environment (internal/provider/testkit_live_test.go
# lists the variables; CONTRIBUTING.md says how to set up a test account):
#
#   BEIAN_LIVE_DOMAIN, BEIAN_LIVE_ACCESS_KEY_ID, BEIAN_LIVE_ACCESS_KEY_SECRET   required
#   BEIAN_LIVE_SECURITY_TOKEN, BEIAN_LIVE_REGION, BEIAN_LIVE_ENDPOINT, BEIAN_LIVE_RECORD   optional
#
# With none of the three required variables it skips with one line and exits 0 (nothing is
# built); with some but not all it fails. It writes records named beian-acc-<random>-… in the
# zone and destroys them; it never buys, renews or changes a domain.
#
#   scripts/testacc-live.sh --against-emulator   the same run with beian-emulator playing the
#       cloud: started on a free port (-addr-file), seeded with the test zone
#       (internal/provider/testdata/live-emulator-seed.json), given as BEIAN_LIVE_ENDPOINT.
#
# Environment from make: GO, MAKE, TF_CLI_CFG, TEST_TIMEOUT, GOTEST_FMT, GOTEST_REPORT.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
GO=${GO:-go}
MAKE=${MAKE:-make}

if [ "${1:-}" = --against-emulator ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/beian-live.XXXXXX")
  emulator_pid=
  trap '[ -z "$emulator_pid" ] || kill "$emulator_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
  "$GO" build -o "$work/beian-emulator" ./cmd/beian-emulator
  "$work/beian-emulator" -listen 127.0.0.1:0 -addr-file "$work/addr" \
    -seed-file internal/provider/testdata/live-emulator-seed.json >"$work/emulator.log" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 300); do
    [ -s "$work/addr" ] && break
    kill -0 "$emulator_pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! [ -s "$work/addr" ] || ! kill -0 "$emulator_pid" 2>/dev/null; then
    echo "testacc-live: the emulator did not start:" >&2
    cat "$work/emulator.log" >&2
    exit 1
  fi
  export BEIAN_LIVE_ENDPOINT BEIAN_LIVE_DOMAIN=example.org
  BEIAN_LIVE_ENDPOINT=$(cat "$work/addr")
  export BEIAN_LIVE_ACCESS_KEY_ID=LTAIemulator0000000000
  export BEIAN_LIVE_ACCESS_KEY_SECRET=emulator-secret-do-not-use-in-production
  unset BEIAN_LIVE_SECURITY_TOKEN BEIAN_LIVE_REGION
  "$0"
  exit
fi

given=() missing=()
for v in BEIAN_LIVE_DOMAIN BEIAN_LIVE_ACCESS_KEY_ID BEIAN_LIVE_ACCESS_KEY_SECRET; do
  if [ -n "${!v:-}" ]; then given+=("$v"); else missing+=("$v"); fi
done
if [ ${#given[@]} -eq 0 ]; then
  echo "testacc-live: skipped: no Alibaba Cloud account given (set BEIAN_LIVE_DOMAIN, BEIAN_LIVE_ACCESS_KEY_ID and BEIAN_LIVE_ACCESS_KEY_SECRET; see CONTRIBUTING.md)"
  exit 0
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "testacc-live: ${given[*]} set, but not ${missing[*]}: give the whole account or none of it" >&2
  exit 2
fi

"$MAKE" --no-print-directory tools >/dev/null
target="Alibaba Cloud's public endpoints, region ${BEIAN_LIVE_REGION:-cn-hangzhou}"
if [ -n "${BEIAN_LIVE_ENDPOINT:-}" ]; then target="$BEIAN_LIVE_ENDPOINT (BEIAN_LIVE_ENDPOINT)"; fi
echo "==> TestAccLive against $target, zone $BEIAN_LIVE_DOMAIN${BEIAN_LIVE_RECORD:+, answers recorded in $BEIAN_LIVE_RECORD}"
BEIAN_LIVE=1 TF_ACC=1 TF_CLI_CONFIG_FILE=${TF_CLI_CFG:-$root/.tools/tofu.tfrc} \
  "$GO" test -count=1 ${GOTEST_FMT:--v} -timeout "${TEST_TIMEOUT:-45m}" -run '^TestAccLive$' ./internal/provider/ 2>&1 |
  eval "${GOTEST_REPORT:-cat}"
