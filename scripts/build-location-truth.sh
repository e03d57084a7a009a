#!/usr/bin/env bash
# Builds the truth set the embedded location data is measured against
# (internal/mainland/testdata/truth/), run by `make update-location-data` after the table:
#
#   truth.csv       the clouds' and carriers' networks, from the routing data of the npm package
#                   @ip-location-db/asn (prefix -> origin AS: RouteViews + DB-IP ASN, CC BY 4.0),
#                   pinned by integrity in scripts/location-data-pins.sh, and the network list
#                   internal/mainland/internal/locgen/networks.txt (which network serves where,
#                   and why; each network's part, tune or held back). On its own the script fetches
#                   the package with `npm pack` (or takes the tarball from ASN_TGZ).
#   publishers.csv  the independent part: addresses sampled from the publishers' own region lists,
#                   AWS's ip-ranges.json and Azure's service tags (Public and China clouds), with the
#                   prefixes they came from; and the check of networks.txt's publisher lines against
#                   the whole lists. The lists are in no package registry: give them as files,
#                     AWS_IP_RANGES=… AZURE_SERVICE_TAGS_PUBLIC=… AZURE_SERVICE_TAGS_CHINA=…
#                   each refused unless its SHA-256 is the one pinned in location-data-pins.sh (which
#                   says where each pinned version can be read). Without them publishers.csv is left
#                   as it is — the test needs only the committed file.
#
# Deterministic: the same pins give the same files. The test that reads them:
#   go test -run TestLocationTruth -v ./internal/mainland/
set -euo pipefail

GO="${GO:-go}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=location-data-pins.sh
. "$root/scripts/location-data-pins.sh"
truth="$root/internal/mainland/testdata/truth"
networks="$root/internal/mainland/internal/locgen/networks.txt"

publishers=()
given=0
for v in AWS_IP_RANGES AZURE_SERVICE_TAGS_PUBLIC AZURE_SERVICE_TAGS_CHINA; do
  [ -n "${!v:-}" ] && given=$((given + 1))
done
case $given in
  0) echo "==> no publisher files given (AWS_IP_RANGES, AZURE_SERVICE_TAGS_PUBLIC, AZURE_SERVICE_TAGS_CHINA): publishers.csv stays as committed" >&2 ;;
  3)
    check() { # check FILE SHA256: the pin, before anything reads the file
      local got
      got="$(sha256sum "$1" | cut -d' ' -f1)"
      [ "$got" = "$2" ] || { echo "build-location-truth: $1 has SHA-256 $got, not the pinned $2" >&2; exit 1; }
    }
    check "$AWS_IP_RANGES" "$AWS_IP_RANGES_SHA256"
    check "$AZURE_SERVICE_TAGS_PUBLIC" "$AZURE_SERVICE_TAGS_PUBLIC_SHA256"
    check "$AZURE_SERVICE_TAGS_CHINA" "$AZURE_SERVICE_TAGS_CHINA_SHA256"
    publishers=(
      -aws "$AWS_IP_RANGES" -aws-sha256 "$AWS_IP_RANGES_SHA256" -aws-from "$AWS_IP_RANGES_FROM"
      -azure-public "$AZURE_SERVICE_TAGS_PUBLIC" -azure-public-sha256 "$AZURE_SERVICE_TAGS_PUBLIC_SHA256" -azure-public-from "$AZURE_SERVICE_TAGS_PUBLIC_FROM"
      -azure-china "$AZURE_SERVICE_TAGS_CHINA" -azure-china-sha256 "$AZURE_SERVICE_TAGS_CHINA_SHA256" -azure-china-from "$AZURE_SERVICE_TAGS_CHINA_FROM"
    ) ;;
  *) echo "build-location-truth: give all three publisher files (AWS_IP_RANGES, AZURE_SERVICE_TAGS_PUBLIC, AZURE_SERVICE_TAGS_CHINA) or none" >&2; exit 1 ;;
esac

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
(cd "$root" && "$GO" run ./internal/mainland/internal/truthgen -asn "$ASN" -asn-tgz "$tgz" -networks "$networks" -out "$truth" ${publishers[@]+"${publishers[@]}"})
