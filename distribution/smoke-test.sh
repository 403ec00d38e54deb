#!/usr/bin/env bash
# The distribution runs with Java alone: unpacks distribution/target/pupilrisk-VERSION.tar.gz into a
# temporary folder and runs `-V`, `generate` (a tiny population), `assess` (the default scenario) and
# `report` with a PATH of java and the few Unix commands Spark and Hadoop themselves call (no mvn, no
# ~/.m2 jars), then checks each output.
# Run after `mvn -B -q verify` (or `mvn package`), which builds the archive. .ci/run calls it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="$(sed -n 's/^version=//p' "$ROOT/risk-engine/target/classes/org/pupilrisk/engine/build-info.properties")"
ARCHIVE="$ROOT/distribution/target/pupilrisk-$VERSION.tar.gz"
[[ -f "$ARCHIVE" ]] || { echo "smoke-test: no $ARCHIVE (run mvn package first)" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# The restricted PATH: java, and what Hadoop's local file system (chmod) and Spark's clean-up (rm) run
TOOLS="$WORK/path"
mkdir "$TOOLS"
for cmd in java chmod rm; do
  ln -s "$(readlink -f "$(command -v "$cmd")")" "$TOOLS/$cmd"
done
tar xzf "$ARCHIVE" -C "$WORK"
HOME_DIR="$WORK/pupilrisk-$VERSION"
cd "$WORK"

# the archive's launcher, with java's folder alone on the PATH
run() { env PATH="$TOOLS" PUPILRISK_XMX="${PUPILRISK_XMX:-2g}" "$HOME_DIR/bin/pupilrisk" "$@"; }
if env PATH="$TOOLS" /bin/sh -c 'command -v mvn' >/dev/null 2>&1; then
  echo "smoke-test: mvn is still on the restricted PATH ($TOOLS)" >&2; exit 1
fi

echo "smoke-test: $(du -h "$ARCHIVE" | cut -f1) $ARCHIVE, unpacked in $WORK, PATH=$TOOLS: $(ls "$TOOLS" | tr '\n' ' ')"
run -V | tee version.txt
grep -q "^pupilrisk $VERSION (commit " version.txt || { echo "smoke-test: -V does not print $VERSION" >&2; exit 1; }

start=$SECONDS
run generate --pupils 2000 --seed 3 --out pop
run assess --population pop --out results
run report --results results --out report.html
for f in pop/validation.csv results/figures.csv results/run.json report.html; do
  [[ -s "$f" ]] || { echo "smoke-test: $f missing or empty" >&2; exit 1; }
done
grep -q "\"version\" : \"$VERSION\"" results/run.json || { echo "smoke-test: run.json lacks version $VERSION" >&2; exit 1; }
echo "smoke-test: generate + assess + report from the archive in $((SECONDS - start)) s; $(($(wc -l < results/figures.csv) - 1)) figures; run.json tool:"
sed -n '/"tool"/,/}/p' results/run.json
