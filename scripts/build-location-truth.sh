#!/usr/bin/env bash
# Builds the truth set the embedded location data is measured against
# (internal/mainland/testdata/truth/truth.csv) from the routing data of the npm package
# @ip-location-db/asn (prefix -> origin AS: RouteViews + DB-IP ASN, CC BY 4.0), pinned by
# integrity in scripts/location-data-pins.sh, and the network list
# internal/mainland/internal/locgen/networks.txt (which network serves where, and why).
# `make update-location-data` runs it after the table; on its own it fetches the package
# with `npm pack` (or takes the tarball from ASN_TGZ). Deterministic: the same pin gives the
# same file. The test that reads it: go test -run TestLocationTruth -v ./internal/mainland/
set -euo pipefail

GO="${GO:-go}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=location-data-pins.sh
. "$root/scripts/location-data-pins.sh"
truth="$root/internal/mainland/testdata/truth"
networks="$root/internal/mainland/internal/locgen/networks.txt"

tgz="${ASN_TGZ:-}"
if [ -z "$tgz" ]; then
  command -v npm >/dev/null || { echo "build-location-truth: npm is needed to fetch ${ASN%%=*}" >&2; exit 1; }
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/location-truth.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "==> npm pack ${ASN%%=*}" >&2
  (cd "$tmp" && npm pack --silent "${ASN%%=*}" >/dev/null)
  tgz="$(ls "$tmp"/*.tgz)"
fi
mkdir -p "$truth"
echo "==> building the truth set in $truth"
(cd "$root" && "$GO" run ./internal/mainland/internal/truthgen -asn "$ASN" -asn-tgz "$tgz" -networks "$networks" -out "$truth")
