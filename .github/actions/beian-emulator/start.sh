#!/usr/bin/env bash
# The step of the beian-emulator GitHub Action (action.yml next to this file): installs the
# emulator unless given one, starts it on a port the system picks, waits for its address
# file while the process lives, and writes the step's outputs (url, pid, log) and, with
# export-env, the provider's environment for the later steps.
#
# Inputs arrive as BEIAN_EMULATOR_* variables (see action.yml); RUNNER_TEMP, GITHUB_OUTPUT
# and GITHUB_ENV are the runner's.
set -euo pipefail

: "${RUNNER_TEMP:?not set: this script runs as a step of a GitHub Actions job}"
: "${GITHUB_OUTPUT:?not set: this script runs as a step of a GitHub Actions job}"
module=github.com/beian-dev/terraform-provider-beian

work=$(mktemp -d "$RUNNER_TEMP/beian-emulator.XXXXXX")
emulator=${BEIAN_EMULATOR_BIN:-}
if [ -z "$emulator" ]; then
  version=${BEIAN_EMULATOR_VERSION:?the action needs a version (a release tag such as v0.1.0) or an emulator binary}
  command -v go >/dev/null || { echo "::error::go install needs Go: add actions/setup-go before this action, or give it an emulator binary"; exit 1; }
  echo "::group::go install $module/cmd/beian-emulator@$version"
  GOBIN="$work/bin" go install "$module/cmd/beian-emulator@$version"
  echo "::endgroup::"
  emulator=$work/bin/beian-emulator
fi

args=(-listen 127.0.0.1:0 -addr-file "$work/addr"
  -access-key-id "${BEIAN_EMULATOR_ACCESS_KEY_ID:-LTAIemulator0000000000}"
  -access-key-secret "${BEIAN_EMULATOR_ACCESS_KEY_SECRET:-emulator-secret-do-not-use-in-production}")
if [ -n "${BEIAN_EMULATOR_SEED_FILE:-}" ]; then args+=(-seed-file "$BEIAN_EMULATOR_SEED_FILE"); fi
if [ -n "${BEIAN_EMULATOR_STATE_FILE:-}" ]; then args+=(-state "$BEIAN_EMULATOR_STATE_FILE"); fi

# nohup: the emulator outlives this step and serves the job's later steps; the runner stops
# it when the job ends.
nohup "$emulator" "${args[@]}" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/addr" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if ! [ -s "$work/addr" ] || ! kill -0 "$pid" 2>/dev/null; then
  echo "::error::beian-emulator did not start; its log:"
  cat "$work/log"
  kill "$pid" 2>/dev/null || true
  exit 1
fi
url=$(cat "$work/addr")

{
  echo "url=$url"
  echo "pid=$pid"
  echo "log=$work/log"
} >>"$GITHUB_OUTPUT"
if [ "${BEIAN_EMULATOR_EXPORT_ENV:-true}" = true ]; then
  : "${GITHUB_ENV:?not set: this script runs as a step of a GitHub Actions job}"
  {
    echo "BEIAN_ENDPOINT_OVERRIDE=$url"
    echo "ALIBABA_CLOUD_ACCESS_KEY_ID=${BEIAN_EMULATOR_ACCESS_KEY_ID:-LTAIemulator0000000000}"
    echo "ALIBABA_CLOUD_ACCESS_KEY_SECRET=${BEIAN_EMULATOR_ACCESS_KEY_SECRET:-emulator-secret-do-not-use-in-production}"
  } >>"$GITHUB_ENV"
fi
echo "$("$emulator" -version) serves at $url (pid $pid, log $work/log)"
