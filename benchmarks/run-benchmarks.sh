#!/usr/bin/env bash
# pupilrisk benchmarks: the JMH micro-benchmarks and the end-to-end scale benchmark.
#
#   benchmarks/run-benchmarks.sh jmh [JMH OPTIONS...]   the full JMH suite with each benchmark's own settings
#                                                        (forks, warm-up, iterations); any JMH option or a
#                                                        benchmark regex may follow, e.g.
#                                                        jmh ClassSizeBenchmark -p pupils=100000
#   benchmarks/run-benchmarks.sh --quick                 smoke run for CI: every JMH benchmark once, tiny inputs,
#                                                        in one JVM (no forks); fails if any benchmark fails.
#                                                        Its figures mean nothing.
#   benchmarks/run-benchmarks.sh scale SIZE [SIZE...]    generate -> assess -> report at each size (pupils in one
#                                                        census year; "national" = 9,092,073), one fresh JVM per
#                                                        size, plus the class-size stage vs a bare Spark groupBy
#                                                        on the same data. Markdown tables on stdout.
#                                                        Extra PipelineScale options, e.g. PIPELINE_OPTS="reps=5 keep=true
#                                                        scenario=benchmarks/pupil-level-only.yaml"
#   benchmarks/run-benchmarks.sh generation SIZE [SIZE...]  generate alone at each size (one census year, Parquet, validation
#                                                        included; "national" = 9,092,073), one fresh JVM per size, then
#                                                        Spark's bare Parquet write of the same rows from memory in the
#                                                        same JVM: the floor no generator writing through Spark can beat
#                                                        here. Extra options: GENERATION_OPTS="reps=5 years=2023-2024"
#   benchmarks/run-benchmarks.sh userdata ROWS|--quick   assess --data on a deterministic ROWS-row, six-QI CSV against a bare
#                                                        Spark read + groupBy-count and a plain Java count of the same file,
#                                                        each a whole process, interleaved (medians of reps=3); --quick: 20,000
#                                                        rows, one run each. Extra options: USERDATA_OPTS="reps=5 work=DIR"
#   benchmarks/run-benchmarks.sh lifetime [CHILDREN]     the share ledger and each child's exposure count (default
#                                                        18,000,000 children: the NPD over 2012-2024), laid out by rule
#
# Builds first when needed (mvn package, never install). JVM flags are those of ./pupilrisk:
# PUPILRISK_XMX (heap, default 8g), PUPILRISK_JAVA_OPTS (extra options) and PUPILRISK_CLASS_ARCHIVE=off apply
# here too.
# Results and how to read them: benchmarks/RESULTS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
CP_FILE="$ROOT/risk-engine/target/spark-classpath.txt"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

needs_build() {
  [[ ! -f "$JAR" || ! -f "$CP_FILE" ]] && return 0
  # sources, resources and poms only: editing RESULTS.md or this script does not rebuild
  [[ -n "$(find "$ROOT/pom.xml" "$ROOT/npd" "$ROOT/simulator" "$ROOT/risk-engine" "$ROOT/benchmarks/pom.xml" "$ROOT/benchmarks/src" \
      \( -path '*/target' -prune \) -o \( -type f -newer "$JAR" -print -quit \))" ]]
}

[[ $# -ge 1 ]] || usage
if needs_build; then
  echo "run-benchmarks: building (first run or sources changed)..." >&2
  (cd "$ROOT" && mvn -q -B -pl benchmarks -am package -DskipTests) >&2
fi

# The same flags as ./pupilrisk: Spark's module opens from spark-jvm.args (a java argument file; JMH passes
# it on to forked JVMs, so the checkout's path must not contain spaces).
OPENS=("@$ROOT/spark-jvm.args")
# shellcheck disable=SC2206
JVM=(-Xmx"${PUPILRISK_XMX:-8g}" "${OPENS[@]}" ${PUPILRISK_JAVA_OPTS:-})
CP="$JAR:$(cat "$CP_FILE")"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# The class archive as ./pupilrisk uses it (class-archive.sh), recorded for this class path: every JVM here, and
# every JVM a benchmark starts (JMH's forks, the userdata benchmark's three sides), starts as the CLI does.
# shellcheck source=../class-archive.sh
source "$ROOT/class-archive.sh"
class_archive "$ROOT/benchmarks/target/benchmarks.jsa" "$CP" "${JVM[@]}"
JVM+=(${CLASS_ARCHIVE_OPTS[@]+"${CLASS_ARCHIVE_OPTS[@]}"})

# each_size CLASS "EXTRA OPTIONS" SIZE...: one fresh JVM per size ("national" = 9,092,073 pupils)
each_size() {
  local class="$1" extra="$2" size
  shift 2
  for size in "$@"; do
    [[ "$size" == national ]] && size=9092073
    # shellcheck disable=SC2086
    java "${JVM[@]}" -cp "$CP" "org.pupilrisk.benchmarks.$class" pupils="$size" $extra
  done
}

mode="$1"
shift
case "$mode" in
  jmh)
    # forked benchmark JVMs get the same flags (JMH copies the classpath, -jvmArgs sets the rest)
    exec java "${JVM[@]}" -cp "$CP" org.openjdk.jmh.Main -jvmArgs "${JVM[*]}" \
      "$@"
    ;;
  --quick|quick)
    # One JVM (-f 0), no warm-up, one short measurement each; tiny inputs for the Spark-backed benchmarks
    # (a 5,000-pupil population, generated once into java.io.tmpdir; 20,000 records for the lattice search). -foe: any failure fails the run.
    # The figures mean nothing, so it need not wait for JMH's lock held by a measuring run elsewhere.
    exec java "${JVM[@]}" -Djmh.ignoreLock=true -cp "$CP" org.openjdk.jmh.Main -f 0 -wi 0 -i 1 -r 200ms -foe true \
      -p pupils=5000 -p qiSet=data_broker -p records=20000 "$@"
    ;;
  scale)
    [[ $# -ge 1 ]] || usage
    each_size PipelineScale "${PIPELINE_OPTS:-}" "$@"
    ;;
  generation)
    [[ $# -ge 1 ]] || usage
    each_size GenerationScale "${GENERATION_OPTS:-}" "$@"
    ;;
  userdata)
    [[ $# -ge 1 ]] || usage
    rows="$1"
    extra=()
    if [[ "$rows" == --quick || "$rows" == quick ]]; then rows=20000; extra=(reps=1); fi
    # the quick compiler alone, as ./pupilrisk runs assess --data; every side's JVM inherits it (and any
    # PUPILRISK_JAVA_OPTS after it), so the three sides stay comparable
    # shellcheck disable=SC2086
    exec java -XX:TieredStopAtLevel=1 "${JVM[@]}" -cp "$CP" org.pupilrisk.benchmarks.UserDataScale rows="$rows" "${extra[@]}" ${USERDATA_OPTS:-}
    ;;
  lifetime)
    exec java "${JVM[@]}" -cp "$CP" org.pupilrisk.benchmarks.LifetimeScale "$@"
    ;;
  *) usage ;;
esac
