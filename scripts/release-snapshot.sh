#!/usr/bin/env bash
# `make release-snapshot`: the release build, without publishing anything, checked.
#
#   1. goreleaser release --snapshot into dist/: every archive of .goreleaser.yml (the
#      provider's zips for the registry platforms, beian-emulator's archives), SHA256SUMS and
#      the registry manifest, each binary linked with the snapshot's version
#      (<RELEASE_VERSION>-snapshot.<commit>);
#   2. SHA256SUMS signed by goreleaser's signs step as in a release — with the key GPG_FINGERPRINT
#      names, or else with a throwaway RSA key made for this run in a temporary GNUPGHOME (so the
#      signing step itself is exercised; the registries would not know that key);
#   3. scripts/releasecheck: the layout the registries read, the checksums, the signature, the
#      manifest, the binaries' -version, and an `init` of the zip from a filesystem mirror with the
#      CLI found (tofu or terraform on PATH, else .tools/bin/tofu).
#
# Environment: GORELEASER (the binary), RELEASE_VERSION (default 0.1.0), SINGLE_TARGET=1 (this
# machine's platform only: one build instead of one per platform), GPG_FINGERPRINT,
# RELEASE_TIMEOUT (default 3h), GO.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
GO=${GO:-go}
: "${GORELEASER:?set GORELEASER to the goreleaser binary (make release-snapshot does)}"
export RELEASE_VERSION=${RELEASE_VERSION:-0.1.0}
SNAPSHOT_ID=$(git rev-parse --short HEAD)
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then SNAPSHOT_ID+=.dirty; fi
export SNAPSHOT_ID

tmp=$(mktemp -d "${TMPDIR:-/tmp}/beian-release.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ -z "${GPG_FINGERPRINT:-}" ]; then
  export GNUPGHOME=$tmp/gnupg
  mkdir -m 700 "$GNUPGHOME"
  gpg --batch --quiet --passphrase '' --quick-gen-key "beian release snapshot (throwaway key) <snapshot@invalid>" rsa3072 sign 1d 2>/dev/null
  GPG_FINGERPRINT=$(gpg --batch --list-secret-keys --with-colons 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
  echo "==> signing with a throwaway key made for this run ($GPG_FINGERPRINT); set GPG_FINGERPRINT to use yours"
fi
export GPG_FINGERPRINT

# goreleaser gives up after 1 h by default; a cold build of every platform on two busy cores
# takes longer (RELEASE_TIMEOUT).
args=(release --snapshot --clean --timeout "${RELEASE_TIMEOUT:-3h}")
if [ "${SINGLE_TARGET:-}" = 1 ]; then
  # goreleaser release has no --single-target: the same configuration with every build's
  # platforms cut down to this machine's.
  goos=$("$GO" env GOOS) goarch=$("$GO" env GOARCH)
  sed -e "s/^    goos: \[.*\]\$/    goos: [$goos]/" -e "s/^    goarch: \[.*\]\$/    goarch: [$goarch]/" .goreleaser.yml >"$tmp/goreleaser.yml"
  grep -q "goos: \[$goos\]" "$tmp/goreleaser.yml" || { echo "release-snapshot: cannot cut .goreleaser.yml down to $goos/$goarch" >&2; exit 1; }
  args+=(--config "$tmp/goreleaser.yml")
fi
echo "==> $GORELEASER ${args[*]} (RELEASE_VERSION=$RELEASE_VERSION)"
"$GORELEASER" "${args[@]}" >"$tmp/goreleaser.log" 2>&1 || { cat "$tmp/goreleaser.log"; echo "release-snapshot: goreleaser failed" >&2; exit 1; }
grep -E 'building|archiving|signing|checksumming|took:' "$tmp/goreleaser.log" | sed 's/^/    /' | tail -n 12

version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' dist/metadata.json)
[ -n "$version" ] || { echo "release-snapshot: no version in dist/metadata.json" >&2; exit 1; }

cli=
for c in tofu terraform; do
  if command -v "$c" >/dev/null; then cli=$(command -v "$c"); break; fi
done
if [ -z "$cli" ] && [ -x .tools/bin/tofu ]; then cli=$root/.tools/bin/tofu; fi

check=(-dist dist -version "$version" -require-signature)
if [ "${SINGLE_TARGET:-}" = 1 ]; then check+=(-single-target); fi
if [ -n "$cli" ]; then check+=(-cli "$cli"); else echo "==> no tofu or terraform: the zip is not installed with a CLI"; fi
echo "==> scripts/releasecheck ${check[*]}"
"$GO" run ./scripts/releasecheck "${check[@]}"
# What a release would publish (the manifest is uploaded from the repository, not dist/).
for f in dist/*.zip dist/*.tar.gz dist/*SHA256SUMS*; do
  [ -f "$f" ] && printf '    %10d  %s\n' "$(wc -c <"$f")" "$f"
done
echo "    $(wc -c <terraform-registry-manifest.json | tr -d ' ')  terraform-registry-manifest.json (as ${version:+terraform-provider-beian_${version}_}manifest.json)"
