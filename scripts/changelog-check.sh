#!/usr/bin/env bash
# The CHANGELOG has a section for the version being released.
#
#   scripts/changelog-check.sh 0.1.0              a "## 0.1.0" (or "## [0.1.0]", "## 0.1.0 — 2026-12-24")
#                                                 section with at least one entry ("- …")
#   scripts/changelog-check.sh --snapshot 0.1.0-snapshot.abc1234
#                                                 that section, or "## Unreleased" with entries (a
#                                                 snapshot builds what is not released yet)
#   scripts/changelog-check.sh --notes 0.1.0      the check, then the section's text on stdout (the
#                                                 release notes)
#
# A leading "v" is ignored (v0.1.0 = 0.1.0). CHANGELOG=path checks another file (tests).
# goreleaser runs it before every build (.goreleaser.yml); the release workflow before the
# release, with --notes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
file=${CHANGELOG:-$root/CHANGELOG.md}
mode=release
case "${1:-}" in
  --snapshot) mode=snapshot; shift ;;
  --notes) mode=notes; shift ;;
esac
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $0 [--snapshot|--notes] VERSION" >&2; exit 2; }
version=${1#v}
if [ "$mode" = snapshot ]; then version=${version%%-snapshot*}; fi
[ -f "$file" ] || { echo "changelog-check: $file does not exist" >&2; exit 1; }

# section HEADING_REGEX: the lines after the first "## " heading matching the regex, up to the
# next "## " heading; exit 1 when there is no such heading.
section() {
  re=$1 awk '
    BEGIN { re = ENVIRON["re"] }
    /^## / { if (found) exit; if ($0 ~ re) { found = 1; next } }
    found { print }
    END { exit found ? 0 : 1 }' "$file"
}
quoted=$(printf '%s' "$version" | sed 's/[.[\*^$+?(){}|]/\\&/g')
heading="^## \\[?${quoted}\\]?([ \t].*)?$"

if body=$(section "$heading"); then
  if ! grep -q '^- ' <<<"$body"; then
    echo "changelog-check: CHANGELOG.md has a section for $version but no entries (\"- …\") in it" >&2
    exit 1
  fi
  if [ "$mode" = notes ]; then printf '%s\n' "$body"; else echo "changelog-check: CHANGELOG.md has a section for $version"; fi
  exit 0
fi
if [ "$mode" = snapshot ] && body=$(section '^## Unreleased[ \t]*$') && grep -q '^- ' <<<"$body"; then
  echo "changelog-check: no section for $version yet; snapshot of \"## Unreleased\""
  exit 0
fi
echo "changelog-check: CHANGELOG.md has no section for $version: rename \"## Unreleased\" to \"## $version — $(date +%Y-%m-%d)\" (with its entries) before tagging v$version" >&2
exit 1
