#!/usr/bin/env bash
# Runs the test suite under a sanitizer (docs/reliability.md, "Sanitizers").
#
#   Tests/Fuzz/sanitize.sh [address|thread|undefined|all] [-- SWIFT-TEST-ARGS...]
#
# Default: address. `all` runs address and thread one after another. Each sanitizer builds in its
# own scratch directory (.build-sanitize-NAME, ignored by git), so it neither reuses nor disturbs
# the normal build. SWIFT-TEST-ARGS are passed to `swift test` (e.g. `--filter FuzzRegressionTests`).
#
# What Swift 6 on x86_64 Linux supports (`swift test --sanitize`): address (ASan, with leak
# detection off: the Swift runtime keeps metadata caches for the process's lifetime) and thread
# (TSan). undefined (UBSan) is refused by swiftc 6.3 for this target ("unsupported option
# '-sanitize=undefined'"); it is accepted here for toolchains that have it, and would add nothing
# for this package anyway: UBSan instruments C code, and Swift code has its own overflow and
# bounds traps. scudo is a hardened allocator, not a checker, and fuzzer is for Tests/Fuzz/run.sh.
# The exit status is that of the last failing run.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
which=address
if [[ $# -gt 0 && $1 != -- ]]; then which="$1"; shift; fi
[[ ${1:-} == -- ]] && shift
case $which in
    all) sanitizers=(address thread) ;;
    address|thread|undefined) sanitizers=("$which") ;;
    *) echo "sanitize.sh: unknown sanitizer '$which' (address, thread, undefined, all)" >&2; exit 2 ;;
esac

# Stop at the first report, with the whole report on standard error.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:abort_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

status=0
cd "$root"
for sanitizer in "${sanitizers[@]}"; do
    log="$root/.build-sanitize-$sanitizer.log"
    echo "sanitize.sh: swift test --sanitize=$sanitizer (log $log)" >&2
    started=$(date +%s)
    swift test --sanitize="$sanitizer" --scratch-path "$root/.build-sanitize-$sanitizer" "$@" > "$log" 2>&1
    result=$?
    elapsed=$(( $(date +%s) - started ))
    summary=$(grep -E '^(✔|✘|􁁛|􀢄)? ?Test run with|Executed [0-9]+ tests' "$log" | tail -2 | tr '\n' ' ')
    reports=$(grep -cE '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|UndefinedBehavior)Sanitizer)' "$log")
    echo "sanitize.sh: $sanitizer: exit $result in $elapsed s, $reports sanitizer reports; $summary" >&2
    [[ $result == 0 ]] || status=$result
done
exit $status
