#!/usr/bin/env bash
# scripts/setup.sh [--test-tools]
#
# Prepares a Debian 12 machine to build and test schemaguard. Idempotent and
# quick when everything is already in place:
#   1. apt: installs the Debian packages below (skipped, with no `apt-get
#      update`, when all are installed already);
#   2. grammars/: `npm ci --ignore-scripts` (the grammar's own install script
#      would build a node addon we do not want) unless node_modules matches
#      the lockfile;
#   3. tests/tools/, tests/bench/ and tests/drizzle_kit/ (only with
#      --test-tools): the same, for the SARIF validator, the Squawk peer
#      linter the benchmarks compare with, and drizzle-kit;
#   4. meson: `meson setup build $SG_MESON_ARGS` unless build/ is configured.
set -euo pipefail

usage() {
  echo "usage: $0 [--test-tools]" >&2
  echo "  SG_MESON_ARGS='...'  extra arguments for the first 'meson setup build'" >&2
}

test_tools=0
for arg in "$@"; do
  case $arg in
    --test-tools) test_tools=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "setup: unknown argument: $arg" >&2; usage; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf 'setup: %s\n' "$*"; }

# --- 1. Debian packages ------------------------------------------------------
packages=(build-essential pkg-config meson ninja-build libpg-query-dev
  libprotobuf-c-dev libtree-sitter-dev libpcre2-dev libjansson-dev libgit2-dev
  libyaml-dev libcmocka-dev git python3 pre-commit neovim valgrind clang libclang-rt-14-dev)
# node and npm may come from elsewhere (NodeSource, nvm, ...): only ask
# Debian for them when they are missing from PATH.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
missing=()
for p in "${packages[@]}"; do
  grep -qxF "$p install ok installed" <<<"$installed" || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  say "apt: all ${#packages[@]} packages installed"
else
  say "apt: installing ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "setup: not root and sudo is not available; install as root: ${missing[*]}" >&2
      exit 1
    fi
    # Never hang waiting for a password when nobody can type it.
    if [[ -t 0 ]]; then sudo=(sudo); else sudo=(sudo -n); fi
  fi
  apt_env=(env DEBIAN_FRONTEND=noninteractive)
  apt_opts=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  "${sudo[@]}" "${apt_env[@]}" apt-get -q update </dev/null
  "${sudo[@]}" "${apt_env[@]}" apt-get install "${apt_opts[@]}" "${missing[@]}" </dev/null
fi

# --- 2./3. npm packages ------------------------------------------------------
# npm ci wipes node_modules, so a stamp inside it (the sha256 of package.json
# and package-lock.json) says whether it was installed from the current lock.
npm_ci() {  # npm_ci DIR FILE-THAT-MUST-EXIST
  local dir=$1 must=$2 want have=
  want=$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)
  local stamp=$dir/node_modules/.schemaguard-lock.sha256
  if [[ -f $stamp ]]; then have=$(<"$stamp"); fi
  if [[ $have == "$want" && -e $dir/$must ]]; then
    say "npm: $dir/node_modules up to date"
    return
  fi
  say "npm: npm ci in $dir"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund </dev/null)
  [[ -e $dir/$must ]] || { echo "setup: npm ci in $dir did not produce $must" >&2; exit 1; }
  printf '%s\n' "$want" >"$stamp"
}

command -v npm >/dev/null 2>&1 || { echo "setup: npm not found on PATH" >&2; exit 1; }
npm_ci grammars node_modules/tree-sitter-typescript/typescript/src/parser.c

if [[ $test_tools -eq 1 ]]; then
  npm_ci tests/tools node_modules/@microsoft/sarif-multitool/package.json
  npm_ci tests/bench node_modules/squawk-cli/package.json  # the peer linter benchmarked against
  # drizzle-kit and drizzle-orm for tests/drizzle_differential.py (esbuild's binary comes in
  # its platform package, so --ignore-scripts loses nothing).
  npm_ci tests/drizzle_kit node_modules/drizzle-kit/bin.cjs
  # --ignore-scripts skipped the multitool's `chmod u+x` postinstall.
  for exe in tests/tools/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
    if [[ -f $exe && ! -x $exe ]]; then chmod u+x "$exe"; fi
  done
fi

# --- 4. meson ----------------------------------------------------------------
if [[ -f build/meson-private/coredata.dat ]]; then
  say "meson: build/ already configured"
elif [[ ! -f meson.build ]]; then
  say "meson: no meson.build yet, skipping"
else
  read -r -a meson_args <<<"${SG_MESON_ARGS:-}"
  say "meson: meson setup build ${meson_args[*]}"
  meson setup build "${meson_args[@]}"
fi
