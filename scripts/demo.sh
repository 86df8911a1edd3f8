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
export NO_COLOR=${NO_COLOR-}
for dir in "$root"/fixtures/incidents/*/; do
  name=$(basename "$dir")
  what=$(sed -n '3p' "$dir/README.md")
  printf '\n\033[1m== %s\033[0m\n%s\n\n' "$name" "$what"
  args=(check .)
  [ -d "$dir/base" ] && args+=(--base HEAD~1)
  (cd "$out/$name" && "$sg" "${args[@]}") || true
done
