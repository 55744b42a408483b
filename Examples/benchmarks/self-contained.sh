#!/usr/bin/env bash
# Is the tissue binary one file that runs anywhere? Copies it alone into an empty directory,
# moves the build folder it came from out of the way (so nothing can be found through it), checks
# that `ldd` lists no Swift or Foundation library, and runs every command from there on the
# repository's examples. Prints the binary's size; exits 1 at the first failure.
#
#     swift build -c release --static-swift-stdlib --scratch-path .build-release
#     Examples/benchmarks/self-contained.sh .build-release/release/tissue
#
# Run it from the repository root.
set -euo pipefail

binary=${1:?usage: self-contained.sh PATH/TO/tissue}
repo=$(pwd)
build=$(cd "$(dirname "$binary")/.." && pwd)
alone=$(mktemp -d)
cp "$binary" "$alone/tissue"
moved="$build.moved-$$"
mv "$build" "$moved"
trap 'mv "$moved" "$build"; rm -rf "$alone"' EXIT

echo "size: $(stat -c %s "$alone/tissue") bytes"
echo "ldd:"
ldd "$alone/tissue" | sed 's/^/  /'
if ldd "$alone/tissue" | grep -Ei 'swift|foundation|dispatch'; then
    echo "FAIL: the binary needs a Swift library" >&2
    exit 1
fi

cd "$alone"
z="$repo/Examples/zoo"
run() {
    local status=0
    "$@" > out.txt 2> err.txt || status=$?
    if [ "$status" -gt 1 ] || grep -q "error:" err.txt; then
        echo "FAIL ($status): $*" >&2
        cat err.txt >&2
        exit 1
    fi
    echo "ok ($status): ${*#./}"
}
run ./tissue --version
run ./tissue --help
run ./tissue help analyze
run ./tissue table --list-sources
run ./tissue analyze "$z/resnet50.arch"
run ./tissue analyze "$z/resnet18.arch" --depth 1 --input 3x160x160 --batch 8 --dtype bf16 --format json
run ./tissue check "$repo/Examples/ci/resnet18-stacked-budget.arch" --format junit
run ./tissue units --n 32 --nodes 2,4,4 --k 3 --size 32x32 --stride 2
run ./tissue stack "$z/resnet18-cifar10.arch" --hidden 4 -o stacked.arch
run ./tissue sweep "$z/resnet18-cifar10.arch" --per-stage --hidden 2,4 --budget 'flops<=300M' -o best.arch --chart front.svg
run ./tissue compare "$z/resnet18-cifar10.arch" stacked.arch --format latex
run ./tissue table "$repo/Examples/paper/tables/table2.table" --format html
run ./tissue verify "$z/lenet5.arch"
run ./tissue bench verify "$z/lenet5.arch" --runs 2
run ./tissue bench sweep "$z/resnet18-cifar10.arch" --runs 1
run ./tissue draw "$z/resnet18-cifar10.arch" stacked.arch -o pair.svg
run ./tissue compress "$z/resnet18-cifar10.arch" --method channels=0.5 --method 'channels=?' --budget 'flops<=300M' --format csv
run ./tissue convert "$repo/Tests/Fixtures/onnx/resnet18.bn-kept.onnx" -o resnet18.arch
run ./tissue analyze "$z/gpt2_small.arch" --summary --position 1023 --dtype f16
echo "every command ran from $alone with the build folder moved away"
