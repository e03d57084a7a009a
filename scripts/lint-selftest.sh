#!/usr/bin/env bash
# Proves that the depguard rules of .golangci.yml bite: in a copy of the module's files
# (the working tree is never touched, so tests may run meanwhile), puts files with
# forbidden imports into real packages for one golangci-lint run and expects each to be
# refused by one of the rules named. `make lint-selftest`.
set -euo pipefail
cd "$(dirname "$0")/.."
LINT=$(realpath "${LINT:-.tools/bin/golangci-lint}")
mod=github.com/beian-dev/terraform-provider-beian
tag=zz_lint_selftest
work=$(mktemp -d "${TMPDIR:-/tmp}/beian-lint-selftest.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
out=$work/lint.out
# Tracked and new files alike (what `make lint` sees), not .tools or .git.
git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$work/"
mkdir -p "$work/src" && find "$work" -mindepth 1 -maxdepth 1 ! -name src ! -name lint.out -exec mv {} "$work/src/" \;
cd "$work/src"

# case: package, file name, import, the rules that may refuse it (depguard names the first
# of the file's rules that does; comma-separated)
cases=(
  "guard|${tag}.go|github.com/aliyun/alibaba-cloud-sdk-go/sdk|guard,sdk-only-in-aliyun"
  "icp|${tag}.go|github.com/hashicorp/terraform-plugin-framework/types|icp,framework-only-in-provider"
  "retry|${tag}.go|${mod}/internal/memo|stdlib-only"
  "guard|${tag}_test.go|github.com/hashicorp/terraform-plugin-framework/types|framework-only-in-provider"
  "readiness|${tag}.go|github.com/aliyun/credentials-go/credentials|readiness,sdk-only-in-aliyun"
  "provider|${tag}.go|${mod}/internal/testutil|provider,testutil-only-in-tests"
)
pkgs=()
for c in "${cases[@]}"; do
  IFS='|' read -r pkg file imp _ <<<"$c"
  f=internal/$pkg/$file
  name=$(sed -n 's/^package \([a-z_]*\)$/\1/p' "$(ls internal/"$pkg"/*.go | grep -v _test.go | head -n 1)")
  printf 'package %s\n\nimport _ "%s"\n' "$name" "$imp" >"$f"
  pkgs+=("./internal/$pkg/")
done
if "$LINT" run --enable-only depguard $(printf '%s\n' "${pkgs[@]}" | sort -u) >"$out" 2>&1; then
  echo "lint-selftest: golangci-lint passed with forbidden imports in place:"; cat "$out"; exit 1
fi
fail=0
for c in "${cases[@]}"; do
  IFS='|' read -r pkg file imp rule <<<"$c"
  if line=$(grep -E "internal/$pkg/$file:.*import '$imp' is not allowed from list '(${rule//,/|})'" "$out"); then
    echo "ok   internal/$pkg/$file importing $imp: refused by ${line#*from list }"
  else
    echo "FAIL internal/$pkg/$file importing $imp: not refused by $rule"; fail=1
  fi
done
if [ "$fail" -ne 0 ]; then cat "$out"; exit 1; fi
echo "lint-selftest: every forbidden import was refused"
