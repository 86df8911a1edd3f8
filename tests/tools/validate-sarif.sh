#!/usr/bin/env bash
# validate-sarif.sh [--strict] FILE.sarif
#
# Validates a SARIF log with the pinned Microsoft SARIF multitool, using the
# SARIF spec rules and the GitHub code-scanning ingestion rules
# (`validate --rule-kind "Sarif;Gh"`), and prints every error and warning as
#   FILE:LINE:COL: LEVEL RULEID: message
#
# Exit status: 0 = no error-level finding (warnings are printed but allowed,
# unless --strict); 1 = at least one error (or warning with --strict);
# 2 = usage error or the validator could not run.
#
# Notes on the multitool (5.7.0), which drive how this script calls it:
# - Its exit code is 0 even when the validated file has errors; it is 1 only
#   when the tool itself fails (bad option, output file exists, input missing).
#   So the findings are read from its own SARIF output log (-o), in which each
#   result has `level` and a templated `message` {id, arguments} whose text is
#   in tool.driver.rules[ruleIndex].messageStrings[id].text ("{0}: ...").
#   Tool failures appear as invocations[].toolConfigurationNotifications /
#   toolExecutionNotifications and executionSuccessful=false.
# - The npm `sarif-multitool` bin wrapper runs the binary through a shell, so
#   the ';' in "Sarif;Gh" would split the command; we call the binary directly.
# - `npm ci --ignore-scripts` skips the package's `chmod u+x` postinstall.
# - List-valued options (--rule-kind, --level, --log) swallow following bare
#   words, so they come first and the input file follows `-o OUT`.
# - The default --level is "Error;Warning"; note-level rules are noise here
#   (one of them tries to fetch every URI in the log over HTTP).
set -euo pipefail

usage() { echo "usage: $0 [--strict] FILE.sarif" >&2; exit 2; }

strict=0
if [[ ${1:-} == --strict ]]; then strict=1; shift; fi
[[ $# -eq 1 ]] || usage
input=$1
[[ -f $input ]] || { echo "validate-sarif: no such file: $input" >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case "$(uname -s)" in
  Linux) plat=linux; exe=Sarif.Multitool ;;
  Darwin) plat=darwin; exe=Sarif.Multitool ;;
  MINGW*|MSYS*|CYGWIN*) plat=win32; exe=Sarif.Multitool.exe ;;
  *) echo "validate-sarif: unsupported OS $(uname -s)" >&2; exit 2 ;;
esac
tool=$here/node_modules/@microsoft/sarif-multitool-$plat/$exe
if [[ ! -f $tool ]]; then
  echo "validate-sarif: $tool not found; run scripts/setup.sh --test-tools" >&2
  exit 2
fi
[[ -x $tool ]] || chmod u+x "$tool"

# The .NET runtime inside the binary needs libicu unless globalization is
# invariant; validation does not need culture data.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/validate-sarif.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
abs_input=$(cd "$(dirname "$input")" && pwd)/$(basename "$input")

rc=0
"$tool" validate --rule-kind "Sarif;Gh" --level "Error;Warning" \
  -o "$tmp/out.sarif" "$abs_input" >"$tmp/console.txt" 2>&1 || rc=$?
if [[ ! -s $tmp/out.sarif ]]; then
  cat "$tmp/console.txt" >&2
  echo "validate-sarif: multitool failed (exit $rc) and wrote no log" >&2
  exit 2
fi

status=0
python3 - "$tmp/out.sarif" "$input" "$strict" "$rc" <<'PY' || status=$?
import json, re, sys

log_path, shown_name, strict, tool_rc = sys.argv[1], sys.argv[2], sys.argv[3] == "1", int(sys.argv[4])
with open(log_path, encoding="utf-8-sig") as f:
    log = json.load(f)

def fmt(template, args):
    return re.sub(r"\{(\d+)\}", lambda m: str(args[int(m.group(1))]) if int(m.group(1)) < len(args) else m.group(0), template)

counts = {"error": 0, "warning": 0, "note": 0}
tool_failed = tool_rc != 0
for run in log.get("runs", []):
    rules = run.get("tool", {}).get("driver", {}).get("rules", []) or []
    by_id = {r.get("id"): r for r in rules}
    for res in run.get("results", []) or []:
        rule = None
        idx = res.get("ruleIndex")
        if isinstance(idx, int) and 0 <= idx < len(rules):
            rule = rules[idx]
        elif res.get("ruleId") in by_id:
            rule = by_id[res.get("ruleId")]
        level = res.get("level") or ((rule or {}).get("defaultConfiguration") or {}).get("level") or "warning"
        if res.get("kind", "fail") != "fail":
            continue
        msg = res.get("message", {})
        text = msg.get("text")
        if text is None:
            tmpl = ((rule or {}).get("messageStrings") or {}).get(msg.get("id"), {}).get("text")
            text = fmt(tmpl, msg.get("arguments", [])) if tmpl else "%s %s" % (msg.get("id"), msg.get("arguments", []))
        line = col = 0
        locs = res.get("locations") or []
        if locs:
            region = (locs[0].get("physicalLocation") or {}).get("region") or {}
            line, col = region.get("startLine", 0), region.get("startColumn", 0)
        counts[level] = counts.get(level, 0) + 1
        print("%s:%d:%d: %s %s: %s" % (shown_name, line, col, level, res.get("ruleId", "?"), text))
    for inv in run.get("invocations", []) or []:
        if inv.get("executionSuccessful") is False:
            tool_failed = True
        for n in (inv.get("toolConfigurationNotifications") or []) + (inv.get("toolExecutionNotifications") or []):
            lvl = n.get("level", "warning")
            did = (n.get("descriptor") or {}).get("id", "?")
            print("%s: multitool %s %s: %s" % (shown_name, lvl, did, (n.get("message") or {}).get("text", "")), file=sys.stderr)
            if lvl == "error":
                tool_failed = True

if tool_failed:
    print("validate-sarif: the multitool did not complete (exit %d)" % tool_rc, file=sys.stderr)
    sys.exit(2)
print("validate-sarif: %s: %d error(s), %d warning(s)" % (shown_name, counts["error"], counts["warning"]))
sys.exit(1 if counts["error"] or (strict and counts["warning"]) else 0)
PY
if [[ $status -eq 2 ]]; then cat "$tmp/console.txt" >&2; fi
exit "$status"
