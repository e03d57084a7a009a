#!/usr/bin/env bash
# The main job: run the provider against the bundled Alibaba Cloud emulator, no cloud
# account needed. Called by `make demo` after the provider and the emulator are built.
#
# The CLI: DEMO_CLI names one (a command on PATH or a path); otherwise the first of `tofu`
# and `terraform` on PATH that has provider functions (version 1.8 or later, the quickstart's
# required_version), then an OpenTofu already built into .tools/bin; only when there is none
# is OpenTofu built from source (`make tools`, the slow part of a first run). The choice and
# the reason are printed first.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
port=${BEIAN_DEMO_PORT:-0} # 0: a port the system picks, so a busy 18080 (or another emulator) never gets in the way
key_id=LTAIemulator0000000000
key_secret=emulator-secret-do-not-use-in-production
MAKE=${MAKE:-make}
width=78 # the width the CLI wraps its own diagnostics at when writing to a file

bold=$'\e[1m'; green=$'\e[32m'; red=$'\e[31m'; dim=$'\e[2m'; reset=$'\e[0m'
[ -t 1 ] || { bold=; green=; red=; dim=; reset=; }
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }
fail() { printf '%s%s%s\n' "$red" "$*" "$reset" >&2; exit 1; }

# wrap [WIDTH] [items]: lines wider than WIDTH columns are broken at spaces; a continuation
# keeps the indentation, or the text column of a numbered item ("  1. …") or of a readiness
# line ("[fail]  name  …"). With "items", only list items are wrapped: the CLI wraps the rest
# of a diagnostic itself but leaves indented lines as they are. Columns are counted the way a
# terminal shows them: a Chinese character takes two.
wrap() {
  LC_ALL=C awk -v w="${1:-$width}" -v items="${2:-}" '
    function cols(s,   t, u, cont, wide) {
      t = s; cont = gsub(/[\200-\277]/, "", t) # UTF-8 continuation bytes
      u = s; wide = gsub(/[\343-\351]/, "", u)  # lead bytes of U+3000-U+9FFF (CJK)
      return length(s) - cont + wide
    }
    cols($0) <= w || (items != "" && $0 !~ /^ +([0-9]+\.|[-*]) /) { print; next }
    {
      if (match($0, /^\[[a-z]+\] +[a-z_]+ +/)) hang = RLENGTH
      else if (match($0, /^ *([0-9]+\.|[-*]) /)) hang = RLENGTH
      else { match($0, /^ */); hang = RLENGTH }
      pad = sprintf("%" hang "s", "")
      cur = substr($0, 1, hang); fresh = 1
      n = split(substr($0, hang + 1), words, / +/)
      for (i = 1; i <= n; i++) {
        if (words[i] == "") continue
        if (fresh) { cur = cur words[i]; fresh = 0 }
        else if (cols(cur) + 1 + cols(words[i]) > w) { print cur; cur = pad words[i] }
        else cur = cur " " words[i]
      }
      print cur
    }'
}

# --- the CLI -------------------------------------------------------------------------------

# cli_version CLI: "OpenTofu 1.12.6" or "Terraform 1.11.4"; empty when it cannot tell.
cli_version() {
  TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null |
    sed -n '1s/^\(OpenTofu\|Terraform\) v\([0-9][0-9.]*\).*/\1 \2/p' || true
}
# has_functions VERSION: provider functions (footer_html) and required_version ">= 1.8.0".
has_functions() {
  local v=${1#* } major minor
  major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
  [ -n "$major" ] && [ -n "$minor" ] && { [ "$major" -gt 1 ] || [ "$minor" -ge 8 ]; }
}

cli= why=
if [ -n "${DEMO_CLI:-}" ]; then
  cli=$(command -v "$DEMO_CLI" || true)
  [ -n "$cli" ] || fail "DEMO_CLI=$DEMO_CLI: no such command"
  ver=$(cli_version "$cli")
  [ -n "$ver" ] || fail "DEMO_CLI=$DEMO_CLI: \`$cli version\` names neither OpenTofu nor Terraform"
  has_functions "$ver" || fail "DEMO_CLI=$DEMO_CLI is $ver: the demo needs provider functions, OpenTofu or Terraform 1.8 or later"
  why="named by DEMO_CLI"
else
  tried=()
  for name in tofu terraform; do
    p=$(command -v "$name" || true)
    if [ -z "$p" ]; then tried+=("no $name on PATH"); continue; fi
    ver=$(cli_version "$p")
    if [ -n "$ver" ] && has_functions "$ver"; then cli=$p why="found on PATH"; break; fi
    tried+=("$p is ${ver:-of unknown version}, older than 1.8")
  done
  if [ -z "$cli" ] && [ -x "$root/.tools/bin/tofu" ]; then
    ver=$(cli_version "$root/.tools/bin/tofu")
    if [ -n "$ver" ] && has_functions "$ver"; then cli=$root/.tools/bin/tofu why="built earlier by make tools"; fi
  fi
  if [ -z "$cli" ]; then
    step "No OpenTofu or Terraform 1.8+ found ($(IFS=';'; echo "${tried[*]}" | sed 's/;/; /g')): building OpenTofu"
    echo "(to skip this, install OpenTofu or Terraform 1.8+, or set DEMO_CLI=/path/to/tofu)"
    "$MAKE" -C "$root" --no-print-directory tools
    cli=$root/.tools/bin/tofu
    ver=$(cli_version "$cli")
    why="built just now"
  fi
fi
cli_name=${ver% *} # OpenTofu or Terraform, for messages

# --- the emulator ----------------------------------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/beian-demo.XXXXXX")
emu_pid=
cleanup() {
  local rc=$?
  if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
    kill "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ]; then
    # Kept only when something went wrong, and then named: it is the first thing to read.
    printf '\n%sthe demo failed (exit %s); its working files (emulator.log, plan output) are kept in %s%s\n' "$red" "$rc" "$work" "$reset" >&2
    if [ -s "$work/emulator.log" ]; then
      echo "last lines of $work/emulator.log:" >&2
      tail -n 20 "$work/emulator.log" >&2
    fi
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE # e.g. make demo | head: stop the emulator and clean up all the same

echo "${bold}CLI:${reset} $ver ($cli), $why; DEMO_CLI=… chooses another"

step "Starting the Alibaba Cloud emulator on loopback"
# On a port the system picks (BEIAN_DEMO_PORT=N asks for N): the emulator writes its URL to
# the address file once it serves; the loop waits for that file while the process lives, so
# a busy port or a bad seed stops the demo at once with the emulator's own message.
"$root/bin/beian-emulator" -listen "127.0.0.1:$port" -addr-file "$work/emulator.addr" \
  -seed-file "$root/examples/quickstart/emulator-seed.json" >"$work/emulator.log" 2>&1 &
emu_pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/emulator.addr" ] && break
  kill -0 "$emu_pid" 2>/dev/null || break
  sleep 0.1
done
if ! [ -s "$work/emulator.addr" ] || ! kill -0 "$emu_pid" 2>/dev/null; then
  fail "the emulator did not start (its log is below)"
fi
url=$(cat "$work/emulator.addr")
echo "emulator: $url, seeded from examples/quickstart/emulator-seed.json (example.com, an ECS server in cn-hangzhou)"

# A CLI configuration of our own, in the temp dir: the user's ~/.terraformrc is never touched.
# dev_overrides makes the CLI use the provider just built (docs/guides/local-install.md).
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
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export BEIAN_ENDPOINT_OVERRIDE=$url
export ALIBABA_CLOUD_ACCESS_KEY_ID=$key_id ALIBABA_CLOUD_ACCESS_KEY_SECRET=$key_secret
# The demo's RIR data: a small local file, so the guard needs no internet.
export TF_VAR_rir_sources="[\"$root/examples/quickstart/delegated-demo.txt\"]"
unset TF_DATA_DIR TF_WORKSPACE TF_CLI_ARGS TF_CLI_ARGS_plan TF_CLI_ARGS_apply

cp -R "$root/examples" "$work/examples"
cd "$work/examples/quickstart"
color=()
[ -t 1 ] || color=(-no-color)
"$cli" get >/dev/null

step "Step 1/4 — adopt example.com (already in the account) and turn auto-renew on"
"$cli" apply -auto-approve -input=false -compact-warnings "${color[@]}" -target=module.site.beian_domain.this

step "Step 2/4 — plan the @ and www records: the ICP guard blocks them (备案 not approved yet)"
# The plan's own listing (changes to outputs, "You can apply this plan…") is left out: the
# plan fails, so there is nothing to apply. Shown: the diagnostics, wrapped.
set +e
"$cli" plan -input=false -compact-warnings -no-color >"$work/plan.out" 2>"$work/plan.err"
plan_rc=$?
set -e
wrap "$width" items <"$work/plan.err"
if [ "$plan_rc" -eq 0 ] || ! grep -q "ICP filing (备案) required" "$work/plan.err"; then
  cat "$work/plan.out"
  fail "expected the ICP guard to fail this plan (exit $plan_rc)"
fi
echo "${green}as expected: the plan failed (exit $plan_rc), nothing was written${reset}"

step "Step 3/4 — the filing is approved (the emulator plays the provincial bureau, 管局)"
curl -fsS -X POST "$url/_emulator/filings" -H 'Content-Type: application/json' \
  -d '{"domain":"example.com","icp_number":"浙ICP备2026123456号","site_record_num":"浙ICP备2026123456号-1","organizer":"示例科技有限公司","organizer_nature":"企业"}' >/dev/null
echo "example.com: 浙ICP备2026123456号-1 approved"

step "Step 4/4 — plan and apply again: the guard passes, the records are created"
"$cli" apply -auto-approve -input=false -compact-warnings "${color[@]}"

step "Footer snippet (put it in every page of the site)"
"$cli" output -raw footer_html
echo

step "Readiness report (beian_readiness)"
"$cli" output -raw readiness >"$work/readiness.txt"
wrap 100 <"$work/readiness.txt"
echo
# What the lines that did not pass mean here, and what would make them pass.
while read -r status name _; do
  case "$status $name" in
    "[pass] "*) ;;
    "[unknown] homepage_reachable")
      echo "- homepage_reachable is unknown: the demo has no live website. beian_readiness checks that the homepage answers when given homepage_url (the access provider checks it too before accepting a filing)." ;;
    "[fail] public_security_filing")
      echo "- public_security_filing fails until a public-security filing number (公安联网备案号) is set: a site must file at https://beian.mps.gov.cn/ within 30 days of going live (the quickstart sets go_live_date). Set the module's public_security_number once it is issued." ;;
    "["*"] "*)
      echo "- $name is ${status//[\[\]]/}: see the reason on its line above." ;;
  esac
done < <(cat "$work/readiness.txt"; echo) | wrap 100

step "What the provider asked Alibaba Cloud (here: the emulator), by API"
curl -fsS "$url/_emulator/stats" >"$work/stats.json"
# The stats are flat JSON ({"calls":{"Product.Action":N,…},"faults":{…},"signed_with":{…}}):
# the "calls" object, one line per API, biggest first.
total=0
while read -r count action; do
  total=$((total + count))
  case "$action" in
    ResourceCenter.SearchResources|Resourcecenter.SearchResources)
      what="the guard: the account's public addresses, every region, in one listing (Resource Center)" ;;
    ResourceCenter.GetResourceCenterServiceStatus|Resourcecenter.GetResourceCenterServiceStatus)
      what="whether Resource Center can answer for the account" ;;
    Ecs.DescribeInstances)
      what="the server behind the address: its billing and state (beian_readiness server_eligible), or the region scan" ;;
    Vpc.DescribeEipAddresses|Slb.DescribeLoadBalancers|Ecs.DescribeRegions)
      what="the guard: is the address one of the account's servers (ECS, EIP, SLB)?" ;;
    Companyreg.QuerySuccessIcpData) what="ICP filing status (beian_filing, the guard, beian_readiness)" ;;
    Domain.SetupDomainAutoRenew) what="auto-renew turned on (beian_domain)" ;;
    Domain.*) what="the domain's registration and real-name status (beian_domain)" ;;
    BssOpenApi.QueryAvailableInstances) what="auto-renew read back from billing (beian_domain)" ;;
    Alidns.AddDomainRecord) what="the @ and www records written (beian_dns_record)" ;;
    Alidns.UpdateDomainRecordRemark|Alidns.UpdateDomainRecord)
      what="each new record marked as this provider's, then its TTL set (ownership marker)" ;;
    Alidns.DescribeDomainInfo) what="the zone's minimum TTL and lines, checked at plan (beian_dns_record)" ;;
    Alidns.*) what="the DNS zone and its records (beian_dns_record)" ;;
    *) what= ;;
  esac
  printf '%6d  %-34s %s%s%s\n' "$count" "$action" "$dim" "$what" "$reset"
done < <(sed -n 's/.*"calls":{\([^}]*\)}.*/\1/p' "$work/stats.json" | tr ',' '\n' | tr -d '"' |
  awk -F: 'NF == 2 { print $2, $1 }' | sort -rn)
printf '%6d  calls in all\n' "$total"
signed=$(sed -n 's/.*"signed_with":{"ak":\([0-9]*\).*/\1/p' "$work/stats.json")
echo "Each one was a signed Alibaba Cloud RPC request (signature version 1.0, HMAC-SHA1 with the access key"
echo "secret), checked by the emulator as the cloud does: ${signed:-?} verified signatures."
echo
echo "${green}demo finished${reset}: the emulator is stopped and the demo's temp dir removed."
