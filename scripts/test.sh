#!/usr/bin/env bash
# The test command: installs prerequisites (idempotent), builds, runs every test project, and prints
# one closing line "N passed, N failed, N skipped". Needs root: the integration tests build real
# network namespaces and run real runc, CRIU, redis and sockperf.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

if [[ $EUID -ne 0 ]]; then
  echo "test: needs root (network namespaces, runc, CRIU); run: sudo $0" >&2
  exit 4
fi

"$here/scripts/setup.sh" >&2
touch "$here/artifacts/.setup-ok" 2>/dev/null || { mkdir -p "$here/artifacts"; touch "$here/artifacts/.setup-ok"; }

echo "test: building" >&2
dotnet build "$here/Mose.slnx" -c Release -nologo -v q -clp:ErrorsOnly
# The integration tests drive the CLI as a user does, through ./mose and its build output.
dotnet build "$here/src/Mose.Cli/Mose.Cli.csproj" -c Release -o "$here/artifacts/mose" -nologo -v q -clp:ErrorsOnly

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
# One test project at a time: the integration tests load both cores, and the probe's real-time tests
# should not compete with them.
dotnet test "$here/Mose.slnx" -c Release --no-build -nologo -m:1 "$@" 2>&1 | tee "$log" || status=$?

# Sum the per-project summaries ("Passed!  - Failed: 0, Passed: 40, Skipped: 0, Total: 40 ...").
summary="$(grep -E '(Passed|Failed)! +- Failed: ' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped", p, f, s}')"
echo "$summary"
exit "$status"
