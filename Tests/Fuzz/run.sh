#!/usr/bin/env bash
# Builds and runs the libFuzzer harnesses of Tests/Fuzz/ (docs/reliability.md, "Fuzzing").
#
#   Tests/Fuzz/run.sh HARNESS|all [SECONDS] [--asan] [--keep-going] [-- LIBFUZZER-ARGS...]
#   Tests/Fuzz/run.sh HARNESS --build [--asan]              build only
#   Tests/Fuzz/run.sh HARNESS --replay FILE... [--asan]     run the harness on the given inputs once
#   Tests/Fuzz/run.sh HARNESS --minimize FILE [--asan]      minimise a crashing input (-minimize_crash=1)
#   Tests/Fuzz/run.sh HARNESS --triage [FILE...] [--asan]   group crashes (default: Tests/Fuzz/findings/HARNESS/crash-*)
#                                                     by the broken property or the top frame in tissue's code
#
# HARNESS is one of: arch stack sweep units tablespec results budget quantity (Tests/Fuzz/HARNESS.swift).
# SECONDS is per harness (default 60). --asan adds the address sanitizer. --keep-going runs in
# libFuzzer's fork mode and does not stop at the first crash, timeout or out-of-memory input.
#
# The harness is compiled together with the library sources (TissueNumerics … TissueReports), the
# properties in Tests/TissueEngineTests/Fuzzing and Tests/Fuzz/Support as ONE module, with
# `swiftc -sanitize=fuzzer[,address] -parse-as-library -O -wmo -g`: the `import Tissue…` lines are
# dropped from a copy of every file under Tests/Fuzz/.build. A build is reused while its inputs are
# unchanged. The corpus grows in Tests/Fuzz/corpus/HARNESS (not committed); libFuzzer also reads the
# seeds: Examples/ (and docs/ for .arch), Tests/Fixtures, Tests/Fuzz/seeds/HARNESS and the regression
# corpus Tests/Fixtures/fuzz-regressions/HARNESS. Crashes go to Tests/Fuzz/findings/HARNESS/, the log of
# each run next to them, and a line per run to Tests/Fuzz/findings/campaigns.tsv.
set -euo pipefail

# Everything is in a function, read whole before it runs: editing this file during a long
# campaign cannot change what the running script does next.
main() {
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    fuzz="$root/Tests/Fuzz"
    harnesses=(arch stack sweep units tablespec results budget quantity)
    modules=(TissueNumerics TissueIR TissueDiagnostics TissueArch TissueTransforms TissueMetrics TissueBudgets TissueReports)
    
    usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
    
    [[ $# -ge 1 ]] || usage
    target="$1"; shift
    seconds=60
    asan=0; keep_going=0; mode=run
    files=(); extra=()
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --asan) asan=1 ;;
            --keep-going) keep_going=1 ;;
            --build) mode=build ;;
            --replay) mode=replay ;;
            --minimize) mode=minimize ;;
            --triage) mode=triage ;;
            --) shift; extra=("$@"); break ;;
            -h|--help) usage ;;
            *)
                if [[ $mode == replay || $mode == minimize || $mode == triage ]]; then files+=("$1")
                elif [[ $1 =~ ^[0-9]+$ ]]; then seconds="$1"
                else echo "run.sh: unknown argument '$1'" >&2; usage; fi ;;
        esac
        shift
    done
    
    if [[ $target == all ]]; then
        [[ $mode == run || $mode == build ]] || { echo "run.sh: 'all' only runs or builds" >&2; exit 2; }
        args=()
        [[ $mode == build ]] && args+=(--build) || args+=("$seconds")
        [[ $asan == 1 ]] && args+=(--asan)
        [[ $keep_going == 1 ]] && args+=(--keep-going)
        status=0
        for h in "${harnesses[@]}"; do
            "${BASH_SOURCE[0]}" "$h" "${args[@]}" ${extra[@]+-- "${extra[@]}"} || status=1
        done
        exit $status
    fi
    [[ " ${harnesses[*]} " == *" $target "* ]] || { echo "run.sh: no harness '$target' (${harnesses[*]})" >&2; exit 2; }
    
    sanitizer=fuzzer; flavour=$target
    if [[ $asan == 1 ]]; then sanitizer=fuzzer,address; flavour=$target-asan; fi
    build="$fuzz/.build/$flavour"
    binary="$build/$target"
    
    # --- Build: one module from a copy of every source without its `import Tissue…` lines. ---
    sources=()
    for m in "${modules[@]}"; do
        while IFS= read -r f; do sources+=("$f"); done < <(cd "$root" && find "Sources/$m" -name '*.swift' | sort)
    done
    # The properties the harness needs (Tests/TissueEngineTests/Fuzzing), so that changing one
    # harness's property rebuilds only the harnesses that use it.
    case $target in
        arch) properties=(Arch) ;;
        stack) properties=(Stack) ;;
        sweep) properties=(Stack Sweep) ;;
        units) properties=(Units) ;;
        tablespec|results) properties=(Tables) ;;
        budget|quantity) properties=(Budget) ;;
    esac
    sources+=(Tests/TissueEngineTests/Fuzzing/FuzzProperty.swift)
    for p in "${properties[@]}"; do sources+=("Tests/TissueEngineTests/Fuzzing/FuzzProperty+$p.swift"); done
    while IFS= read -r f; do sources+=("$f"); done < <(cd "$root" && find Tests/Fuzz/Support -name '*.swift' | sort)
    sources+=("Tests/Fuzz/$target.swift")
    stamp="$( (swiftc --version 2>&1; echo "$sanitizer"; cd "$root" && cat "${sources[@]}") | sha256sum | cut -c1-16)"
    if [[ ! -x $binary || "$(cat "$build/stamp" 2>/dev/null)" != "$stamp" ]]; then
        rm -rf "$build/src"; mkdir -p "$build/src"
        for f in "${sources[@]}"; do
            sed -E 's/^import Tissue[A-Za-z]+[[:space:]]*$//' "$root/$f" > "$build/src/$(echo "$f" | tr '/' '_')"
        done
        echo "run.sh: building $flavour (${#sources[@]} files, -sanitize=$sanitizer)..." >&2
        started=$(date +%s)
        # (In the build folder: with -g, swiftc leaves the module's .swiftmodule in the working directory.)
        (cd "$build" && swiftc -sanitize="$sanitizer" -parse-as-library -O -wmo -g -module-name TissueFuzz \
            -o "$binary.new" "$build"/src/*.swift)
        mv "$binary.new" "$binary"
        echo "$stamp" > "$build/stamp"
        echo "run.sh: built $binary in $(( $(date +%s) - started )) s" >&2
    fi
    [[ $mode == build ]] && exit 0
    
    export SWIFT_BACKTRACE=enable=no   # let crashes reach libFuzzer instead of Swift's backtracer
    export TISSUE_ROOT="$root"
    findings="$fuzz/findings/$target"
    mkdir -p "$findings"
    dict="$fuzz/$target.dict"; [[ -f $dict ]] || dict="$fuzz/arch.dict"
    common=(-dict="$dict" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -artifact_prefix="$findings/")
    
    if [[ $mode == replay ]]; then
        exec "$binary" "${common[@]}" -runs=1 "${files[@]}" ${extra[@]+"${extra[@]}"}
    fi
    if [[ $mode == triage ]]; then
        if [[ ${#files[@]} -eq 0 ]]; then
            shopt -s nullglob
            files=("$findings"/crash-* "$findings"/timeout-* "$findings"/oom-*)
            shopt -u nullglob
        fi
        # One line per input: its signature (the broken property, or the first frame in tissue's own
        # code), its size, the file; then the signatures with a count and the smallest input of each.
        for f in "${files[@]}"; do
            [[ $f == *.min ]] && continue
            out=$(timeout 60 "$binary" -runs=1 -timeout=10 -rss_limit_mb=2048 "$f" 2>&1 || true)
            signature=$(echo "$out" | grep -m1 -oE "^\[[a-z]+\] property '[^']*'" || true)
            if [[ -z $signature ]]; then
                signature=$(echo "$out" | grep -E '^ +#[0-9]+ 0x' | swift demangle --simplified \
                    | grep -vE 'FuzzHarness|FuzzProperty|fuzzTestOneInput|LLVMFuzzer|fuzzer::|libc|__sanitizer|asan|compiler-rt|<unknown>|crtstuff|^ +#[0-9]+ 0x[0-9a-f]+ +\(' \
                    | head -1 | sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in //; s| /work/[^ ]*/src/| |; s/^specialized //')
                kind=$(echo "$out" | grep -m1 -oE 'ERROR: (libFuzzer|AddressSanitizer): [a-z-]+|ALARM: working on the last Unit for [0-9]+ seconds|out-of-memory' || true)
                signature="${kind:-no failure} at ${signature:-?}"
            fi
            printf '%s\t%s\t%s\n' "$signature" "$(stat -c %s "$f")" "$f"
        done | sort -t$'\t' -k1,1 -k2,2n | awk -F'\t' '{ n[$1]++; if (!($1 in best)) best[$1] = $3 " (" $2 " bytes)" }
            END { for (s in n) printf "%4d  %s\n      smallest: %s\n", n[s], s, best[s] }'
        exit 0
    fi
    if [[ $mode == minimize ]]; then
        [[ ${#files[@]} -eq 1 ]] || { echo "run.sh: --minimize takes one file" >&2; exit 2; }
        out="${files[0]}.min"
        "$binary" "${common[@]}" -minimize_crash=1 -max_total_time=60 -exact_artifact_path="$out" "${files[0]}" \
            ${extra[@]+"${extra[@]}"} || true
        echo "run.sh: minimised input in $out" >&2
        exit 0
    fi
    
    # --- Seeds. ---
    # Copies are named `….seed`, never `….arch` or `….table`: a search of the working tree for
    # networks (the README's CI workflow greps for `*.arch` files with budgets) must not find them.
    seeds="$fuzz/.build/seeds/$target"
    rm -rf "$seeds"; mkdir -p "$seeds"
    case $target in
        arch|budget)
            (cd "$root" && find Examples -name '*.arch') | while read -r f; do cp "$root/$f" "$seeds/$(echo "$f" | tr '/' '_').seed"; done
            # Every ```arch block of the documentation is a complete file.
            awk -v dir="$seeds" '/^```arch/ { n++; file = sprintf("%s/doc-%03d.seed", dir, n); inblock = 1; next }
                                 /^```/ { inblock = 0; next }
                                 inblock { print > file }' "$root"/docs/*.md ;;
        tablespec)
            (cd "$root" && find Examples -name '*.table') | while read -r f; do cp "$root/$f" "$seeds/$(echo "$f" | tr '/' '_').seed"; done ;;
        results)
            cp "$root"/Tests/Fixtures/results/*.csv "$seeds"
            for f in "$root"/Sources/TissueCLI/{Resources/registry,Registry}/*.csv; do [[ -f $f ]] && cp "$f" "$seeds"; done ;;
        stack|sweep)
            # Each example inline, after default options.
            n=0
            for f in "$root"/Examples/zoo/*.arch "$root"/Examples/paper/resnet18-cifar10.arch; do
                n=$((n + 1))
                if [[ $target == stack ]]; then printf 'inline\n4\n2\nall\nbody\nstandard\n' > "$seeds/inline-$n"
                else printf 'inline\n1..3\n1,2\nall,inner\nbody\n\nstandard\n\n' > "$seeds/inline-$n"; fi
                cat "$f" >> "$seeds/inline-$n"
            done ;;
    esac
    dirs=("$seeds")
    [[ -d $fuzz/seeds/$target ]] && dirs+=("$fuzz/seeds/$target")
    [[ -d $root/Tests/Fixtures/fuzz-regressions/$target ]] && dirs+=("$root/Tests/Fixtures/fuzz-regressions/$target")
    corpus="$fuzz/corpus/$target"
    mkdir -p "$corpus"
    
    # --- Run. ---
    log="$findings/log-$(date +%Y%m%d-%H%M%S)$([[ $asan == 1 ]] && echo -asan || true).txt"
    run=("$binary" "${common[@]}" -max_total_time="$seconds" -print_final_stats=1)
    [[ $keep_going == 1 ]] && run+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    echo "run.sh: $flavour for $seconds s, log $log" >&2
    started=$(date +%s)
    since="$fuzz/.build/started-$flavour"; touch "$since"
    set +e
    "${run[@]}" ${extra[@]+"${extra[@]}"} "$corpus" "${dirs[@]}" > "$log" 2>&1
    status=$?
    elapsed=$(( $(date +%s) - started ))
    
    # --- Figures: executions, exec/s, coverage at the end, corpus, crashes. ---
    last=$(grep -E '^#[0-9]+.*(cov|corp):' "$log" | tail -1 || true)
    execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
    if [[ $execs == 0 ]]; then execs=$(echo "$last" | grep -oE '^#[0-9]+' | tr -d '#'); fi
    cov=$(echo "$last" | grep -oE 'cov: [0-9]+' | awk '{print $2}')
    ft=$(echo "$last" | grep -oE 'ft: [0-9]+' | awk '{print $2}')
    corp=$(ls "$corpus" | wc -l)
    crashes=$(grep -cE '^(==[0-9]+== ERROR|INFO: libFuzzer: deadly signal|==[0-9]+== ERROR: libFuzzer)|Test unit written to' "$log" || true)
    # Crash, timeout and out-of-memory inputs written during this run (fork mode does not log them).
    artifacts=$(find "$findings" -maxdepth 1 -newer "$since" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) \
        ! -name '*.min' | sort | tr '\n' ' ')
    rate=$(( elapsed > 0 ? ${execs:-0} / elapsed : 0 ))
    [[ -f $fuzz/findings/campaigns.tsv ]] || printf 'date\tharness\tsanitizer\tseconds\texecutions\texec/s\tcov\tft\tcorpus\tstatus\tartifacts\n' > "$fuzz/findings/campaigns.tsv"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -Iseconds)" "$target" "$sanitizer" "$elapsed" "${execs:-0}" \
        "$rate" "${cov:-?}" "${ft:-?}" "$corp" "$status" "$artifacts" >> "$fuzz/findings/campaigns.tsv"
    echo "run.sh: $flavour: $elapsed s, ${execs:-0} executions ($rate/s), cov ${cov:-?}, ft ${ft:-?}, corpus $corp, exit $status" >&2
    [[ -n $artifacts ]] && echo "run.sh: findings: $artifacts" >&2
    exit $status
}

main "$@"
