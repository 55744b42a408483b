#!/usr/bin/env python3
"""Whole-process start-up time of tissue against an empty Swift program.

Runs each command RUNS times (default 200), interleaved so that the machine's load affects them
alike, with standard output to /dev/null, and prints per command the median, the 10th and 90th
percentiles of the wall time in milliseconds, and the differences of the medians that
docs/performance.md records.

    python3 Examples/benchmarks/startup.py TISSUE EMPTY [RUNS]

TISSUE is the tissue binary, EMPTY an empty Swift program built the same way, e.g.

    swift build -c release --static-swift-stdlib --scratch-path .build-release
    printf 'print("", terminator: "")\\n' > /tmp/empty.swift
    swiftc -O -static-stdlib /tmp/empty.swift -o /tmp/empty
    python3 Examples/benchmarks/startup.py .build-release/release/tissue /tmp/empty

Run it from the repository root (the commands read Examples/zoo/resnet50.arch).
"""

import os
import statistics
import sys
import time


def run(argv):
    """Wall time of one run of argv, in milliseconds, stdout and stderr to /dev/null."""
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[
            (os.POSIX_SPAWN_DUP2, null.fileno(), 1), (os.POSIX_SPAWN_DUP2, null.fileno(), 2)])
        _, status = os.waitpid(pid, 0)
        elapsed = (time.perf_counter() - start) * 1000
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {status}")
    return elapsed


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    tissue, empty = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    commands = {
        "empty Swift program": [empty],
        "tissue --version": [tissue, "--version"],
        "tissue analyze Examples/zoo/resnet50.arch": [tissue, "analyze", "Examples/zoo/resnet50.arch"],
        "tissue analyze Examples/zoo/resnet50.arch --summary": [tissue, "analyze", "Examples/zoo/resnet50.arch", "--summary"],
    }
    times = {name: [] for name in commands}
    for name, argv in commands.items():  # warm the page cache
        run(argv)
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(run(argv))
    print(f"{runs} runs each, interleaved; wall time in ms")
    print(f"{'command':<52} {'median':>7} {'p10':>7} {'p90':>7}")
    medians = {}
    for name, values in times.items():
        values.sort()
        medians[name] = statistics.median(values)
        p10, p90 = values[len(values) // 10], values[len(values) * 9 // 10]
        print(f"{name:<52} {medians[name]:7.2f} {p10:7.2f} {p90:7.2f}")
    version = medians["tissue --version"]
    print(f"--version - empty program:       {version - medians['empty Swift program']:+.2f} ms")
    print(f"analyze (text) - --version:      {medians['tissue analyze Examples/zoo/resnet50.arch'] - version:+.2f} ms")
    print(f"analyze --summary - --version:   {medians['tissue analyze Examples/zoo/resnet50.arch --summary'] - version:+.2f} ms")


if __name__ == "__main__":
    main()
