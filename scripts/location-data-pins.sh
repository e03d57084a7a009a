# The npm packages the location data and its truth set are made from, each pinned by version
# and by the npm integrity hash of its tarball (sourced by update-location-data.sh and
# build-location-truth.sh). See update-location-data.sh for how to move a pin.
# shellcheck shell=bash disable=SC2034
GEO="@ip-location-db/geo-whois-asn-country@2.3.2026061719=sha512-9MQ3r2q+GDLwW+Mye5duWnHe3n1qB1ZcNUcM9P58CpdW86Gt44AgfIrem6Pcy/tbCHhQ70RJCLngQQyYnaEjbw=="
GEO2="@ip-location-db/dbip-country@2.3.2026060120=sha512-WpBx8o5zluatlYg6eX6lauO0NQUopfPcPulGmQ1lZCJimr5LKTX2VUitl6kuRPvbQ4HYvjw+qsWpFyglVKr5SA=="
ASN="@ip-location-db/asn@2.3.2026061719=sha512-PpqYi7wyEyWwunXBtl+y3Vi403SvNywotWwvmiYCOUtE0SVol/Sf492Ee+eErEznmGapxEQB2SAfrpXuZ9a+vQ=="

# The publishers' own region lists the independent part of the truth set
# (internal/mainland/testdata/truth/publishers.csv) is sampled from. They are in no package
# registry: build-location-truth.sh takes them as files (AWS_IP_RANGES, AZURE_SERVICE_TAGS_PUBLIC,
# AZURE_SERVICE_TAGS_CHINA) and refuses one whose SHA-256 is not pinned here. Nothing of them is
# embedded in the provider. The publishers serve them at https://ip-ranges.amazonaws.com/ip-ranges.json
# and from Microsoft's Download Center (56519 Public, 57062 China), current versions only; the pinned
# versions are the ones nearest the routing data's build (2026-06-17; the newest Public copy that could
# be read is of 2025-10-28), read through the code search index from repositories that keep the
# publishers' files verbatim, each version in its own commit:
#   git -C <clone of github.com/joetek/aws-ip-ranges-json> show 91bc236f562e0f7fd7dc7cfa60133239a5c4df61:ip-ranges.json
#   git -C <clone of github.com/ryanborMSFT/AzureServiceTagsJson> show b509a770c3081f883fc894b2728642ca60f8b96e:Public/ServiceTags_Public_20251028.json
#   git -C <clone of github.com/ryanborMSFT/AzureServiceTagsJson> show b509a770c3081f883fc894b2728642ca60f8b96e:China/ServiceTags_China_20260615.json
AWS_IP_RANGES_SHA256=cb81cf65fb30bfe01e3f06a26829e77fab0323885a7c71063b7c78aa8c83651b
AWS_IP_RANGES_FROM="AWS ip-ranges.json as kept verbatim by github.com/joetek/aws-ip-ranges-json, commit 91bc236f562e0f7fd7dc7cfa60133239a5c4df61, path ip-ranges.json"
AZURE_SERVICE_TAGS_PUBLIC_SHA256=9cb4e5f9371cec1297b05a6f5d742768921a28bd854a3a9cbd80673a6399dc40
AZURE_SERVICE_TAGS_PUBLIC_FROM="Microsoft ServiceTags_Public_20251028.json as kept verbatim by github.com/ryanborMSFT/AzureServiceTagsJson, commit b509a770c3081f883fc894b2728642ca60f8b96e, path Public/ServiceTags_Public_20251028.json"
AZURE_SERVICE_TAGS_CHINA_SHA256=b2cf36086ff53f6de98980380c5de4868d085bc6dc7e810853869ea723bac890
AZURE_SERVICE_TAGS_CHINA_FROM="Microsoft ServiceTags_China_20260615.json as kept verbatim by github.com/ryanborMSFT/AzureServiceTagsJson, commit b509a770c3081f883fc894b2728642ca60f8b96e, path China/ServiceTags_China_20260615.json"
