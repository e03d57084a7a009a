#!/usr/bin/env bash
# Refreshes the location data embedded in the provider (internal/mainland/locationdata/)
# from the npm package @ip-location-db/geo-whois-asn-country at the version pinned below.
# `npm pack` fetches the tarball from the npm registry (the only network access; the build
# never needs npm); internal/mainland/internal/locgen checks the tarball against the pinned
# integrity hash and folds its two numeric CSVs into the compact embedded table.
#
# To move to a newer build: `npm view @ip-location-db/geo-whois-asn-country versions --json`,
# then `npm view @ip-location-db/geo-whois-asn-country@<version> dist.integrity`, put both
# below, run `make update-location-data`, review the diff of locationdata/VERSION, update
# the version and date in NOTICE and templates/guides/icp-guard.md.tmpl, run `make docs` and
# the tests (internal/mainland checks the known blocks and that the docs name the build),
# and commit.
set -euo pipefail

PACKAGE="@ip-location-db/geo-whois-asn-country"
VERSION="2.3.2026061719"
INTEGRITY="sha512-9MQ3r2q+GDLwW+Mye5duWnHe3n1qB1ZcNUcM9P58CpdW86Gt44AgfIrem6Pcy/tbCHhQ70RJCLngQQyYnaEjbw=="

GO="${GO:-go}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/internal/mainland/locationdata"

command -v npm >/dev/null || { echo "update-location-data: npm is needed to fetch $PACKAGE@$VERSION" >&2; exit 1; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/location-data.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "==> npm pack $PACKAGE@$VERSION"
(cd "$tmp" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tarball="$(ls "$tmp"/*.tgz)"

echo "==> folding it into $out"
(cd "$root" && "$GO" run ./internal/mainland/internal/locgen \
  -tarball "$tarball" -version "$VERSION" -integrity "$INTEGRITY" -out "$out")
