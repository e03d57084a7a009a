#!/usr/bin/env bash
# Refreshes the location data embedded in the provider (internal/mainland/locationdata/) and
# the truth set it is measured against (internal/mainland/testdata/truth/), from the npm
# packages pinned in scripts/location-data-pins.sh. `npm pack` fetches each tarball from the npm registry (the only
# network access; the build never needs npm); the generators check every tarball against its
# pinned integrity hash and its package.json against the pinned name and version, so the
# same pins give the same bytes (run it twice and `git diff --exit-code` stays quiet).
#
#   geo   @ip-location-db/geo-whois-asn-country  geofeed + RIR whois + ASN country (CC0-1.0;
#         whois/ASN data CC BY 4.0 NRO)
#   geo2  @ip-location-db/dbip-country           DB-IP IP to Country Lite (CC BY 4.0 DB-IP)
#   asn   @ip-location-db/asn                    prefix → origin AS: RouteViews + DB-IP ASN
#         (CC BY 4.0 RouteViews, DB-IP, NRO)
#
# The @ip-location-db packages' READMEs now open with a notice that the data published to
# npm "contains bugs resulting in incorrect data" and that npm updates "are completely
# deprecated and will stop" in favour of GitHub releases, which cannot be reached from the
# machines this project builds on. What that means for the next refresh: these pins are the
# last npm builds; moving past them needs a source reachable through a package registry
# (another npm / Debian / Go-module package carrying the same kinds of data) — check the
# README of any newer version before pinning it, and re-run the truth test
# (go test -run TestLocationTruth -v ./internal/mainland/), whose goals fail the build if a
# refresh makes the placements worse. The truth set is built from the same ASN package, so
# it is refreshed here too.
#
# The truth set's independent part (publishers.csv) comes from the publishers' own region
# lists — AWS's ip-ranges.json and Azure's service tags — which no package registry carries
# and nothing embeds: pass them as files to rebuild it, each pinned by SHA-256 in
# location-data-pins.sh (which says where the pinned versions can be read):
#   AWS_IP_RANGES=… AZURE_SERVICE_TAGS_PUBLIC=… AZURE_SERVICE_TAGS_CHINA=… make update-location-data
# Without them the committed publishers.csv stays as it is. To move those pins: take the
# publishers' versions nearest the routing data's build, put their SHA-256 and origin in
# location-data-pins.sh, run the command above (it fails if a network list publisher line no
# longer holds: settle the blocks it names in networks.txt), and update the versions in NOTICE,
# the guide and BENCHMARKS.md.
#
# To move a pin: `npm view <package> versions --json`, then
# `npm view <package>@<version> dist.integrity`, edit scripts/location-data-pins.sh, run `make update-location-data`,
# review the diff of locationdata/VERSION and the truth test's table, update the versions
# in NOTICE, templates/guides/icp-guard.md.tmpl and BENCHMARKS.md, run `make docs` and the
# tests, and commit.
set -euo pipefail

GO="${GO:-go}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=location-data-pins.sh
. "$root/scripts/location-data-pins.sh"
out="$root/internal/mainland/locationdata"
networks="$root/internal/mainland/internal/locgen/networks.txt"

command -v npm >/dev/null || { echo "update-location-data: npm is needed to fetch the pinned packages" >&2; exit 1; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/location-data.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# pack SPEC: fetches name@version (SPEC without its =integrity) and prints the tarball path.
pack() {
  local spec="${1%%=*}" dir
  dir="$(mktemp -d "$tmp/pkg.XXXXXX")"
  echo "==> npm pack $spec" >&2
  (cd "$dir" && npm pack --silent "$spec" >/dev/null)
  ls "$dir"/*.tgz
}
geo_tgz="$(pack "$GEO")"
geo2_tgz="$(pack "$GEO2")"
asn_tgz="$(pack "$ASN")"

echo "==> composing $out"
(cd "$root" && "$GO" run ./internal/mainland/internal/locgen \
  -geo "$GEO" -geo-tgz "$geo_tgz" -geo2 "$GEO2" -geo2-tgz "$geo2_tgz" -asn "$ASN" -asn-tgz "$asn_tgz" \
  -networks "$networks" -out "$out" >/dev/null)
rm -f "$out/geo-whois-asn-country.bin" # the single-source table of earlier builds

ASN_TGZ="$asn_tgz" GO="$GO" "$root/scripts/build-location-truth.sh"
