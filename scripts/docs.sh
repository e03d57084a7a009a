#!/usr/bin/env bash
# Generate docs/ with tfplugindocs, offline.
#
#   scripts/docs.sh           regenerate docs/ from the provider schema, templates/ and examples/
#   scripts/docs.sh --check   regenerate into a temporary copy and fail if docs/ differs (CI)
#
# tfplugindocs normally downloads Terraform to read the provider schema. Here the schema comes
# from the CLI we already have (OpenTofu, built into .tools/bin by `make tools`): the provider is
# built into a temporary directory, a temporary CLI configuration points dev_overrides at it,
# and `tofu providers schema -json` prints the schema without `init` or any registry access.
# tfplugindocs then reads that file (--providers-schema) and never looks for a terraform binary.
#
# Environment:
#   DOCS_CLI   the CLI that prints the schema (default .tools/bin/tofu, else tofu or terraform on PATH)
#   GO         the go command (default go)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
GO=${GO:-go}
mode=generate
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

cli=${DOCS_CLI:-}
if [ -z "$cli" ]; then
  if [ -x "$root/.tools/bin/tofu" ]; then cli=$root/.tools/bin/tofu
  elif command -v tofu >/dev/null; then cli=$(command -v tofu)
  elif command -v terraform >/dev/null; then cli=$(command -v terraform)
  else
    echo "docs.sh: no OpenTofu/Terraform CLI found; run \`make tools\` (builds .tools/bin/tofu) or set DOCS_CLI" >&2
    exit 1
  fi
fi

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
