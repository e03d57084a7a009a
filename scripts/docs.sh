#!/usr/bin/env bash
# Generate docs/ with tfplugindocs, offline.
#
#   scripts/docs.sh             regenerate docs/ from the provider schema, templates/ and examples/
#   scripts/docs.sh --check     regenerate into a temporary copy and fail if docs/ differs (CI)
#   scripts/docs.sh --which-cli print the CLI the two would use, and why, and exit
#
# tfplugindocs normally downloads Terraform to read the provider schema. Here the schema comes
# from a CLI this machine already has: the provider is built into a temporary directory, a
# temporary CLI configuration points dev_overrides at it, and `<cli> providers schema -json`
# prints the schema without `init` or any registry access. tfplugindocs then reads that file
# (--providers-schema) and never looks for a terraform binary.
#
# The CLI, first found: DOCS_CLI; the OpenTofu `make tools` built into .tools/bin (the one the
# tests use); `tofu`, then `terraform`, on PATH, if it is OpenTofu 1.12+ or Terraform 1.12+
# (older ones leave the resource identity schemas out of `providers schema -json` — Terraform
# added them in 1.12 (hashicorp/terraform#36675), OpenTofu in 1.12 (opentofu/opentofu#3898) —
# and tfplugindocs then refuses the identity import examples; before 1.7/1.8 the provider
# functions are missing too); else OpenTofu is built with `make tools` (minutes, once).
#
# Environment:
#   DOCS_CLI   the CLI that prints the schema
#   GO         the go command (default go)
#   MAKE       the make command that builds OpenTofu when no CLI is found (default make)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
GO=${GO:-go}
MAKE=${MAKE:-make}
mode=generate
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  --which-cli) mode=which ;;
  *) echo "usage: $0 [--check|--which-cli]" >&2; exit 2 ;;
esac

# has_schema CLI: OpenTofu 1.12+ or Terraform 1.12+, whose schema output lists provider
# functions and resource identities.
has_schema() {
  local v major minor
  v=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null |
    sed -n '1s/^\(OpenTofu\|Terraform\) v\([0-9]*\)\.\([0-9]*\).*/\1 \2 \3/p' || true)
  read -r name major minor <<<"$v" || return 1
  [ -n "${minor:-}" ] || return 1
  if [ "$major" -gt 1 ]; then return 0; fi
  [ "$minor" -ge 12 ]
}

cli= why=
if [ -n "${DOCS_CLI:-}" ]; then
  cli=$DOCS_CLI why="DOCS_CLI"
elif [ -x "$root/.tools/bin/tofu" ]; then
  cli=$root/.tools/bin/tofu why="built earlier by make tools"
else
  for name in tofu terraform; do
    p=$(command -v "$name" || true)
    if [ -n "$p" ] && has_schema "$p"; then cli=$p why="found on PATH"; break; fi
  done
fi
if [ -z "$cli" ]; then
  if [ "$mode" = which ]; then echo "none: would build OpenTofu with make tools"; exit 0; fi
  echo "docs.sh: no OpenTofu 1.12+ or Terraform 1.12+ on PATH: building OpenTofu (make tools)" >&2
  "$MAKE" -C "$root" --no-print-directory tools >&2
  cli=$root/.tools/bin/tofu why="built just now by make tools"
fi
if [ "$mode" = which ]; then echo "$cli ($why)"; exit 0; fi
echo "docs.sh: schema from $cli ($why)"

provider_name=beian
rendered_name="beian (ICP filing / 备案)"

work=$(mktemp -d "${TMPDIR:-/tmp}/beian-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. The provider binary, where dev_overrides will find it.
mkdir -p "$work/bin" "$work/schema"
(cd "$root" && "$GO" build -o "$work/bin/terraform-provider-$provider_name" .)

# 2. A CLI configuration we own. Some machines export TF_CLI_CONFIG_FILE pointing at a file that
#    does not exist (OpenTofu then prints a warning on stdout); never inherit the user's.
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.opentofu.org/beian-dev/$provider_name" = "$work/bin"
    "registry.terraform.io/beian-dev/$provider_name" = "$work/bin"
  }
  direct {}
}
EOF
cat >"$work/schema/main.tf" <<EOF
terraform {
  required_providers {
    $provider_name = {
      source = "beian-dev/$provider_name"
    }
  }
}
EOF

# 3. The schema. With dev_overrides for every provider of the configuration no `init` is needed.
(
  cd "$work/schema"
  unset TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_providers TF_WORKSPACE
  TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 \
    "$cli" providers schema -json >"$work/schema.raw.json"
)

# tfplugindocs looks the provider up as "<name>" or "registry.terraform.io/hashicorp/<name>";
# the CLI keys it by its full source address (registry.opentofu.org/... or registry.terraform.io/...).
sed -E "s#\"registry\\.(opentofu\\.org|terraform\\.io)/beian-dev/$provider_name\":#\"$provider_name\":#" \
  "$work/schema.raw.json" >"$work/schema.json"
if ! grep -q "\"provider_schemas\":{\"$provider_name\":" "$work/schema.json"; then
  echo "docs.sh: the schema printed by $cli has no provider beian-dev/$provider_name:" >&2
  head -c 400 "$work/schema.raw.json" >&2; echo >&2
  exit 1
fi

# 4. Render. In check mode into a copy, so docs/ is left alone.
site=$root
if [ "$mode" = check ]; then
  site=$work/site
  mkdir -p "$site"
  for d in docs templates examples; do
    if [ -d "$root/$d" ]; then cp -R "$root/$d" "$site/$d"; fi
  done
fi

tfplugindocs() { (cd "$root" && "$GO" tool tfplugindocs "$@"); }
# generate logs every file it removes, creates and renders (~40 lines): shown only when it fails.
if ! tfplugindocs generate \
  --provider-dir "$site" \
  --provider-name "$provider_name" \
  --rendered-provider-name "$rendered_name" \
  --providers-schema "$work/schema.json" >"$work/generate.log" 2>&1; then
  cat "$work/generate.log" >&2
  echo "docs.sh: tfplugindocs generate failed" >&2
  exit 1
fi
# validate checks the layout and front matter of docs/; it logs every file at DEBUG level,
# so its output is shown only when it fails.
if ! tfplugindocs validate --provider-dir "$site" --provider-name "$provider_name" \
  --providers-schema "$work/schema.json" >"$work/validate.log" 2>&1; then
  cat "$work/validate.log" >&2
  echo "docs.sh: tfplugindocs validate failed" >&2
  exit 1
fi

if [ "$mode" = check ]; then
  if ! diff -ruN "$root/docs" "$site/docs"; then
    echo >&2
    echo "docs/ is out of date: run \`make docs\` and commit the result." >&2
    exit 1
  fi
  echo "docs/ is up to date."
else
  echo "docs/ regenerated from the schema, templates/ and examples/ ($(grep -c '^rendering "' "$work/generate.log") pages)."
fi
