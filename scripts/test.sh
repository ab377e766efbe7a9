#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine with only the .NET SDK:
# installs what the tests need (Chromium, PostgreSQL), starts a PostgreSQL server of its own,
# builds with warnings as errors, checks formatting, runs every test project and prints
# one closing line "N passed, N failed" with the totals.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "$*" >&2; echo "0 passed, 1 failed"; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

step "Packages the tests need"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null || fail "apt-get install ${missing[*]} failed"
fi
/usr/bin/chromium --version || fail "Chromium is missing"

step "PostgreSQL server for the tests"
source "$root/scripts/postgres.sh"
start_test_postgres || fail "PostgreSQL did not start"
trap stop_test_postgres EXIT
export CHORUS_TEST_POSTGRES

step "Build (warnings are errors)"
dotnet tool restore >/dev/null || fail "dotnet tool restore failed"
dotnet build ChorusAccount.sln -nologo -clp:NoSummary -warnaserror || fail "Build failed"

step "Formatting"
dotnet format ChorusAccount.sln --verify-no-changes --no-restore || fail "dotnet format found changes: run 'dotnet format ChorusAccount.sln'"

step "Tests"
# The test projects are those that say so (IsTestProject): tests/ also holds ChorusAccount.Testing, the class library
# they share with the benchmarks, which has no tests to run and writes no report.
mapfile -t test_projects < <(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj)
[ ${#test_projects[@]} -gt 0 ] || fail "No test project under tests/"
status=0
for project in "${test_projects[@]}"; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
projects=${#test_projects[@]}; reports=$(ls "$results"/*.trx 2>/dev/null | wc -l)
if [ "$reports" -lt "$projects" ]; then
  echo "Only $reports of $projects test projects reported results" >&2
  failed=$((failed + projects - reports)); status=1
fi
[ "$passed" -gt 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
