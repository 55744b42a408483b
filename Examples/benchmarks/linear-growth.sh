#!/usr/bin/env bash
# Time and peak memory of `tissue analyze` as inputs grow, up to the default limits
# (docs/reliability.md). Needs GNU time (/usr/bin/time) and a release build:
#
#   swift build -c release && Examples/benchmarks/linear-growth.sh
#
# Files are generated in a temporary folder: N blocks each called once, files of growing size
# made of short statements (`relu`) and of long ones (a conv with every attribute).
set -euo pipefail
cd "$(dirname "$0")/../.."
tissue=.build/release/tissue
[ -x "$tissue" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # label, then the command
    local label=$1; shift
    /usr/bin/time -f "$label	%e s	%M KB" "$@" > /dev/null 2> "$work/time" || true
    tail -n 1 "$work/time"
}

echo "input	wall	peak RSS"
for n in 10000 20000 50000 100000; do
    python3 - "$n" > "$work/blocks-$n.arch" <<'PY'
import sys
n = int(sys.argv[1])
for i in range(n): print(f"block b{i}(w) {{ linear w }}")
print("input 8")
for i in range(n): print(f"b{i}(8)")
PY
    measure "$n blocks ($(stat -c %s "$work/blocks-$n.arch") bytes)" "$tissue" analyze "$work/blocks-$n.arch" --summary
done
for mb in 1 2 4 8 16; do
    python3 - "$mb" > "$work/conv-$mb.arch" <<'PY'
import sys
size = int(sys.argv[1]) * (1 << 20) - 100
line = "conv 8 k=3 s=1 p=1 d=1 bias=false\n"
sys.stdout.write("input 8x4x4\n" + line * (size // len(line)))
PY
    measure "conv lines, $mb MiB" "$tissue" analyze "$work/conv-$mb.arch" --summary
done
for mb in 1 2 16; do
    python3 -c "import sys; sys.stdout.write('input 8\n' + 'relu\n' * (($mb << 20) // 5 - 2))" > "$work/relu-$mb.arch"
    measure "relu lines, $mb MiB" "$tissue" analyze "$work/relu-$mb.arch" --summary
done
