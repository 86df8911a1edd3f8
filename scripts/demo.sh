#!/usr/bin/env bash
# scripts/demo.sh: runs build/schemaguard on every incident in fixtures/incidents/, as a user
# would in each repository: the base/head incidents become two-commit git repositories (under
# build/incidents/, never inside fixtures/) checked with --base HEAD~1.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sg="$root/build/schemaguard"
[ -x "$sg" ] || { echo "demo: $sg is not built: run 'ninja -C build' first" >&2; exit 2; }
out="$root/build/incidents"
"$root/fixtures/incidents/make-repos.sh" "$out" >/dev/null
bold='' plain=''
if [ -t 1 ] && [ -z "${NO_COLOR-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; fi
for dir in "$root"/fixtures/incidents/*/; do
  name=$(basename "$dir")
  what=$(sed -n '3p' "$dir/README.md")
  printf '\n%s== %s%s\n%s\n\n' "$bold" "$name" "$plain" "$what"
  args=(check .)
  [ -d "$dir/base" ] && args+=(--base HEAD~1)
  (cd "$out/$name" && "$sg" "${args[@]}") || true
done
