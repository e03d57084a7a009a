#!/usr/bin/env bash
# The main job: run the provider against the bundled Alibaba Cloud emulator, no cloud
# account needed. Called by `make demo` after the provider, the emulator and OpenTofu are
# built. Set DEMO_CLI=terraform to use a terraform binary from PATH instead of OpenTofu.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cli=${DEMO_CLI:-$root/.tools/bin/tofu}
port=${BEIAN_DEMO_PORT:-18080}
key_id=LTAIemulator0000000000
key_secret=emulator-secret-do-not-use-in-production

bold=$'\e[1m'; green=$'\e[32m'; red=$'\e[31m'; reset=$'\e[0m'
[ -t 1 ] || { bold=; green=; red=; reset=; }
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/beian-demo.XXXXXX")
emu_pid=
cleanup() {
  if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
    kill "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
    echo "(emulator stopped)"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "Starting the Alibaba Cloud emulator on 127.0.0.1:$port"
"$root/bin/beian-emulator" -listen "127.0.0.1:$port" -seed-file "$root/examples/quickstart/emulator-seed.json" \
  >"$work/emulator.log" 2>&1 &
emu_pid=$!
url=http://127.0.0.1:$port
for _ in $(seq 1 50); do
  curl -fsS -X GET "$url/_emulator/stats" >/dev/null 2>&1 && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log"; echo "${red}the emulator did not start (port $port busy? set BEIAN_DEMO_PORT)${reset}"; exit 1; }
  sleep 0.1
done
echo "emulator: $url (log: emulator.log in the demo's temp dir)"

# A CLI configuration of our own, in the temp dir: the user's ~/.terraformrc is never touched.
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.opentofu.org/beian-dev/beian" = "$root/bin"
    "registry.terraform.io/beian-dev/beian" = "$root/bin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE=$work/cli.tfrc
export TF_IN_AUTOMATION=1
export BEIAN_ENDPOINT_OVERRIDE=$url
export ALIBABA_CLOUD_ACCESS_KEY_ID=$key_id ALIBABA_CLOUD_ACCESS_KEY_SECRET=$key_secret
# The demo's RIR data: a small local file, so the guard needs no internet.
export TF_VAR_rir_sources="[\"$root/examples/quickstart/delegated-demo.txt\"]"

cp -R "$root/examples" "$work/examples"
cd "$work/examples/quickstart"
"$cli" get >/dev/null

step "Plan and apply the quickstart: the @ and www records of example.com"
"$cli" apply -auto-approve -input=false -compact-warnings

step "Outputs"
"$cli" output

step "Destroy"
"$cli" destroy -auto-approve -input=false >/dev/null
echo "${green}demo finished${reset}"
