#!/usr/bin/env bash
# Build OpenTofu from its Go module, with progress: scripts/build-tofu.sh VERSION DEST
#
# Its go.mod has a replace directive, so `go install module@version` refuses it: download the
# module, then build ./cmd/tofu inside it. Called by `make tools` (the acceptance tests' CLI)
# and so by `make demo` when no OpenTofu or Terraform 1.8+ is on PATH.
#
# It is the slow part of a first run: 1,783 packages for v1.12.6 (OpenTofu carries the SDKs of
# every state backend), about 230 CPU-seconds when the provider was just built into the same
# empty Go build cache (the first make demo without a CLI: 326-358 CPU-seconds in all, against
# 104-129 with one), 3-6 minutes of wall time on 2 lightly loaded cores. The package count
# comes from `go list -deps`; `go build -v` names each package as it is compiled, so the
# progress below is "packages compiled / packages in the build" (it ends short of 100% when
# part of the build is already in the cache).
set -euo pipefail

version=${1:?usage: build-tofu.sh VERSION DEST}
dest=${2:?usage: build-tofu.sh VERSION DEST}
GO=${GO:-go}
start=$SECONDS
elapsed() { local s=$((SECONDS - start)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
log=$(mktemp "${TMPDIR:-/tmp}/beian-build-tofu.XXXXXX")
trap 'rm -f "$log" "$dest.tmp"' EXIT

echo "==> building OpenTofu $version from its Go module into $(dirname "$dest") (once; later runs reuse it)"
echo "    about 4 CPU-minutes: 3-6 minutes on 2 lightly loaded cores, 10 or more on a busy machine"

echo "    fetching the module and its dependencies (instant when the Go module cache has them)"
if ! dir=$("$GO" mod download -json "github.com/opentofu/opentofu@$version" 2>"$log" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p') || [ -z "$dir" ]; then
  cat "$log" >&2
  echo "build-tofu: cannot download github.com/opentofu/opentofu@$version (is the Go module proxy reachable?)" >&2
  exit 1
fi
cd "$dir"
if ! total=$("$GO" list -deps ./cmd/tofu 2>"$log" | wc -l); then
  cat "$log" >&2
  exit 1
fi
total=$((total))
echo "    compiling $total packages ($(elapsed) so far)"

tty=false
[ -t 1 ] && tty=true
n=0 next=10 last=$((SECONDS - 10))
set +e
"$GO" build -v -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$dest.tmp" ./cmd/tofu 2>&1 |
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$log"
    # `go build -v` prints import paths; anything else (a compiler message) is kept for the error report.
    [[ $line =~ ^[A-Za-z0-9._~/-]+$ ]] || continue
    n=$((n + 1))
    pct=$((n * 100 / total))
    if [ "$line" = github.com/opentofu/opentofu/cmd/tofu ]; then
      $tty && printf '\r\033[K'
      echo "    [$pct%] $n/$total packages compiled, linking ($(elapsed))"
    elif $tty; then
      printf '\r\033[K    [%3d%%] %d/%d packages  %s  %s' "$pct" "$n" "$total" "$(elapsed)" "${line:0:60}"
    elif [ "$pct" -ge "$next" ]; then
      # Every 10%, unless a line went out just before (the minute rule below).
      [ $((SECONDS - last)) -ge 10 ] && echo "    [$pct%] $n/$total packages ($(elapsed))" && last=$SECONDS
      next=$((pct / 10 * 10 + 10))
    elif [ $((SECONDS - last)) -ge 60 ]; then
      echo "    [$pct%] $n/$total packages ($(elapsed))"
      last=$SECONDS
    fi
  done
rc=${PIPESTATUS[0]}
set -e
$tty && printf '\r\033[K'
if [ "$rc" -ne 0 ]; then
  grep -vE '^[A-Za-z0-9._~/-]+$' "$log" >&2 || true
  echo "build-tofu: building OpenTofu $version failed (exit $rc)" >&2
  exit "$rc"
fi
mv "$dest.tmp" "$dest"
echo "    done in $(elapsed): $(TF_CLI_CONFIG_FILE=/dev/null "$dest" version | head -n 1)"
