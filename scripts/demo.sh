#!/usr/bin/env bash
# The main job: run the provider against the bundled Alibaba Cloud emulator, no cloud
# account needed. Called by `make demo` after the provider, the emulator and OpenTofu are
# built. Set DEMO_CLI=terraform to use a terraform binary from PATH instead of OpenTofu.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cli=${DEMO_CLI:-$root/.tools/bin/tofu}
port=${BEIAN_DEMO_PORT:-0} # 0: any free port, so a busy 18080 (or another emulator) never gets in the way
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

step "Starting the Alibaba Cloud emulator on loopback"
"$root/bin/beian-emulator" -listen "127.0.0.1:$port" -seed-file "$root/examples/quickstart/emulator-seed.json" \
  >"$work/emulator.log" 2>&1 &
emu_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's/^beian-emulator listening on \(http:[^ ]*\).*/\1/p' "$work/emulator.log" | head -n 1)
  [ -n "$url" ] && curl -fsS "$url/_emulator/stats" >/dev/null 2>&1 && break
  url=
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log"; echo "${red}the emulator did not start (BEIAN_DEMO_PORT=$port busy?)${reset}"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/emulator.log"; echo "${red}the emulator did not answer${reset}"; exit 1; }
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
color=()
[ -t 1 ] || color=(-no-color)
"$cli" get >/dev/null

step "Step 1/4 — adopt example.com (already in the account) and turn auto-renew on"
"$cli" apply -auto-approve -input=false -compact-warnings "${color[@]}" -target=module.site.beian_domain.this

step "Step 2/4 — plan the @ and www records: the ICP guard blocks them (备案 not approved yet)"
set +e
"$cli" plan -input=false -compact-warnings "${color[@]}" >"$work/plan.log" 2>&1
plan_rc=$?
set -e
cat "$work/plan.log"
if [ "$plan_rc" -eq 0 ] || ! grep -q "ICP filing (备案) required" "$work/plan.log"; then
  echo "${red}expected the ICP guard to fail this plan (exit $plan_rc)${reset}"
  exit 1
fi
echo "${green}as expected: the plan failed, nothing was written${reset}"

step "Step 3/4 — the filing is approved (the emulator plays the provincial bureau, 管局)"
curl -fsS -X POST "$url/_emulator/filings" -H 'Content-Type: application/json' \
  -d '{"domain":"example.com","icp_number":"浙ICP备2026123456号","site_record_num":"浙ICP备2026123456号-1","organizer":"示例科技有限公司","organizer_nature":"企业"}' >/dev/null
echo "example.com: 浙ICP备2026123456号-1 approved"

step "Step 4/4 — plan and apply again: the guard passes, the records are created"
"$cli" apply -auto-approve -input=false -compact-warnings "${color[@]}"

step "Footer snippet (put it in every page of the site)"
"$cli" output -raw footer_html
echo

step "Readiness report"
"$cli" output -raw readiness
echo

step "API calls the emulator served"
curl -fsS "$url/_emulator/stats"
echo
echo "${green}demo finished${reset}"
