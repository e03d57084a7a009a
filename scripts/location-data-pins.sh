# The npm packages the location data and its truth set are made from, each pinned by version
# and by the npm integrity hash of its tarball (sourced by update-location-data.sh and
# build-location-truth.sh). See update-location-data.sh for how to move a pin.
# shellcheck shell=bash disable=SC2034
GEO="@ip-location-db/geo-whois-asn-country@2.3.2026061719=sha512-9MQ3r2q+GDLwW+Mye5duWnHe3n1qB1ZcNUcM9P58CpdW86Gt44AgfIrem6Pcy/tbCHhQ70RJCLngQQyYnaEjbw=="
GEO2="@ip-location-db/dbip-country@2.3.2026060120=sha512-WpBx8o5zluatlYg6eX6lauO0NQUopfPcPulGmQ1lZCJimr5LKTX2VUitl6kuRPvbQ4HYvjw+qsWpFyglVKr5SA=="
ASN="@ip-location-db/asn@2.3.2026061719=sha512-PpqYi7wyEyWwunXBtl+y3Vi403SvNywotWwvmiYCOUtE0SVol/Sf492Ee+eErEznmGapxEQB2SAfrpXuZ9a+vQ=="
