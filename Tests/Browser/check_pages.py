#!/usr/bin/env python3
"""Opens tissue's HTML reports and drawings in headless Chromium and checks them as a reader
would see them. Run by .ci/run after `swift test`:

    python3 Tests/Browser/check_pages.py --tissue .build/debug/tissue [--out DIR] [--images docs/images]

For each HTML report (analyze and compare, written by the tissue given) it loads the file from a
file:// URL with the network disabled and fails on any console error, uncaught exception or
request for anything but a local file; checks that the diagram and the layer table are there;
clicks a numeric header and checks the rows are sorted by it, both ways; types into the path
filter and checks the rows left; and saves a screenshot. For every drawing, in the reports and in
the golden SVG files (Tests/Fixtures/golden/draw-*.svg), it measures every label with getBBox()
and fails if one leaves its box, or if two boxes overlap. With --images, the screenshots are also
written there (docs/images, shown in docs/pictures.md).
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

REPORTS = [
    ("analyze-lenet-hybrid.html", ["analyze", "Examples/stacked/lenet-hybrid.arch", "--format", "html"]),
    ("analyze-resnet18-stacked.html", ["analyze", "Examples/stacked/resnet18-stacked-cifar10.arch", "--format", "html"]),
    ("compare-resnet18.html", ["compare", "Examples/zoo/resnet18-cifar10.arch",
                               "Examples/stacked/resnet18-stacked-cifar10.arch", "--acc", "resnet18-cifar10=95.29",
                               "--acc", "resnet18-stacked=93.31", "--format", "html"]),
]

# Every label inside its box, no two boxes overlapping, in every SVG of the page.
MEASURE = r"""
(() => {
  const problems = [];
  let boxes = 0, labels = 0;
  const tolerance = 0.5;
  document.querySelectorAll("svg").forEach((svg) => {
    const rects = [];
    svg.querySelectorAll("g.box").forEach((group) => {
      const path = group.getAttribute("data-path");
      const r = group.querySelector("rect").getBBox();
      rects.push([r, path]);
      boxes += 1;
      group.querySelectorAll("text").forEach((text) => {
        labels += 1;
        const b = text.getBBox();
        if (b.x < r.x - tolerance || b.y < r.y - tolerance || b.x + b.width > r.x + r.width + tolerance ||
            b.y + b.height > r.y + r.height + tolerance) {
          problems.push(`label '${text.textContent}' of ${path} leaves its box: text ${b.x.toFixed(1)},${b.y.toFixed(1)} ` +
                        `${b.width.toFixed(1)}x${b.height.toFixed(1)}, box ${r.x},${r.y} ${r.width}x${r.height}`);
        }
      });
    });
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const [a, p] = rects[i], [b, q] = rects[j];
        const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
        const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
        if (w > tolerance && h > tolerance) { problems.push(`boxes ${p} and ${q} overlap`); }
      }
    }
  });
  return {problems, boxes, labels};
})()
"""

# Clicks the header named `name` twice; the rows must follow its values down, then up.
SORT = r"""
((name) => {
  const table = document.querySelector("#layer-table, #comparison-table");
  const headers = Array.from(table.tHead.rows[0].cells);
  const index = headers.findIndex((cell) => cell.textContent.trim() === name);
  if (index < 0) { return {error: `no column '${name}'`}; }
  const button = headers[index].querySelector("button");
  if (!button) { return {error: "the header is not a button: the script did not run"}; }
  const values = () => Array.from(table.tBodies[0].rows).map((row) => {
    const cell = row.cells[index];
    return parseFloat(cell.getAttribute("data-value") ?? cell.textContent.replace(/[^0-9eE.+-]/g, ""));
  });
  const sorted = (list, down) => list.every((v, i) => i === 0 || (down ? list[i - 1] >= v : list[i - 1] <= v));
  button.click();
  const first = values(), firstOrder = headers[index].getAttribute("aria-sort");
  button.click();
  const second = values(), secondOrder = headers[index].getAttribute("aria-sort");
  return {rows: first.length, down: sorted(first, firstOrder === "descending"), up: sorted(second, secondOrder === "descending"),
          orders: [firstOrder, secondOrder], distinct: new Set(first).size};
})
"""

FILTER = r"""
((query) => {
  const input = document.getElementById("layer-filter");
  if (!input || input.closest(".filter").hidden) { return {error: "no visible path filter"}; }
  input.value = query;
  input.dispatchEvent(new Event("input"));
  const rows = Array.from(document.querySelectorAll("#layer-table tbody tr"));
  const shown = rows.filter((row) => !row.hidden);
  return {shown: shown.length, all: rows.length, wrong: shown.filter((row) => !row.dataset.path.includes(query)).length,
          dimmed: document.querySelectorAll("#diagram g.box.dim").length, count: document.getElementById("layer-count").textContent};
})
"""


class Checker:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def expect(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failures.append(what)
            print(f"FAIL {what}")


def svg_size(path):
    with open(path, encoding="utf-8") as file:
        head = file.read(400)
    width, height = re.search(r'width="([\d.]+)" height="([\d.]+)"', head).groups()
    return int(float(width) + 0.5), int(float(height) + 0.5)


def check_labels(page, name, check):
    result = page.evaluate(MEASURE)
    check.expect(result["boxes"] > 0, f"{name}: has boxes")
    check.expect(not result["problems"], f"{name}: labels inside boxes, boxes apart: {result['problems'][:5]}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tissue", required=True, help="the built tissue executable")
    parser.add_argument("--out", help="where reports and screenshots go (default: a temporary folder)")
    parser.add_argument("--images", help="also write the screenshots here (docs/images)")
    args = parser.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="tissue-browser-")
    os.makedirs(out, exist_ok=True)
    check = Checker()

    with Browser() as browser:
        for file_name, command in REPORTS:
            path = os.path.join(out, file_name)
            with open(path, "w", encoding="utf-8") as file:
                subprocess.run([args.tissue] + command, cwd=ROOT, stdout=file, check=True)
            page = browser.open("file://" + path, 1200, 900)
            # The screenshot shows the page as it opens, before the checks sort and filter it.
            height = page.evaluate("document.documentElement.scrollHeight")
            png = file_name.replace(".html", ".png")
            page.screenshot(os.path.join(out, png), 1200, height)
            if args.images:
                os.makedirs(args.images, exist_ok=True)
                page.screenshot(os.path.join(args.images, png), 1200, height)
            check.expect(page.evaluate("document.querySelectorAll('svg').length") >= 2, f"{file_name}: drawings present")
            if file_name.startswith("analyze"):
                check.expect(page.evaluate("document.querySelectorAll('#diagram svg g.box').length > 0"),
                             f"{file_name}: the diagram is there")
                check.expect(page.evaluate("document.querySelectorAll('#layer-table tbody tr').length > 0"),
                             f"{file_name}: the layer table is there")
                sort = page.evaluate(SORT + '("params")')
                check.expect(sort.get("down") and sort.get("up") and sort.get("distinct", 0) > 1
                             and sort.get("orders") == ["descending", "ascending"],
                             f"{file_name}: sorting by params, down then up: {sort}")
                filtered = page.evaluate(FILTER + '("relu")')
                check.expect(filtered.get("shown", 0) > 0 and filtered.get("wrong") == 0
                             and filtered.get("shown") < filtered.get("all") and filtered.get("dimmed", 0) > 0,
                             f"{file_name}: filtering by path: {filtered}")
                page.evaluate(FILTER + '("")')
            else:
                check.expect(page.evaluate("document.querySelectorAll('#comparison-table tbody tr').length") == 2,
                             f"{file_name}: the comparison table is there")
                sort = page.evaluate(SORT + '("CE")')
                check.expect(sort.get("down") and sort.get("up"), f"{file_name}: sorting by CE: {sort}")
            check_labels(page, file_name, check)
            check.expect(not page.problems, f"{file_name}: no console errors or network requests: {page.problems}")
            print(f"ok   {file_name}: {height}px tall, requests {len(page.requests)} (all local)")

        for svg in sorted(glob.glob(os.path.join(ROOT, "Tests", "Fixtures", "golden", "draw-*.svg"))):
            name = os.path.basename(svg)
            width, height = svg_size(svg)
            page = browser.open("file://" + svg, width, height)
            result = check_labels(page, name, check)
            png = name.replace(".svg", ".png")
            page.screenshot(os.path.join(out, png), width, height)
            if args.images:
                os.makedirs(args.images, exist_ok=True)
                page.screenshot(os.path.join(args.images, png), width, height)
            check.expect(not page.problems, f"{name}: no console errors: {page.problems}")
            print(f"ok   {name}: {result['boxes']} boxes, {result['labels']} labels measured")

    print(f"screenshots in {out}")
    print(f"browser: {check.passed} passed, {len(check.failures)} failed")
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
