# Class data sharing for the launchers (sourced by ./pupilrisk and benchmarks/run-benchmarks.sh; not run alone).
#
# Why: before its first job, a pupilrisk JVM loads and verifies about 15,000 Spark, Scala and Hadoop classes,
# one by one from jar files: on this project's 2-core machines that is most of Spark's start and a good part
# of a small run. Java's class data sharing (CDS) maps classes recorded by an earlier run from one archive file
# instead; the JVM checks that the archive was made from the same jars and ignores it silently if not, so
# figures and behaviour do not change, only start-up time (benchmarks/RESULTS.md, "class data sharing").
#
# The archive is recorded once per build, by a short training run (assess of examples/extract.csv, the embedded
# Spark path every command shares), next to the jar it was made from, and recorded again when the jar or the
# class path is newer. PUPILRISK_CLASS_ARCHIVE=off turns it off (no training run, no archive used).
#
# class_archive ARCHIVE CLASSPATH JAVA_OPTION...  sets CLASS_ARCHIVE_OPTS to the JVM options that use ARCHIVE
# (empty when off or when the training run failed); JAVA_OPTION... are the launcher's own JVM options (heap,
# Spark's module opens), with which the training run is made.
class_archive() {
  local archive="$1" classpath="$2"
  shift 2
  CLASS_ARCHIVE_OPTS=()
  [[ "${PUPILRISK_CLASS_ARCHIVE:-on}" == off ]] && return 0
  # unified logging goes to stdout: keep CDS's notes (classes it cannot archive, an archive it ignores) off it
  local quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
  local stale=false part
  local -a parts
  [[ -s "$archive" ]] || stale=true
  IFS=: read -r -a parts <<< "$classpath"
  for part in "${parts[@]}"; do
    [[ "$stale" == true ]] && break
    [[ -n "$part" && "$part" -nt "$archive" ]] && stale=true
  done
  if [[ "$stale" == true ]]; then
    echo "pupilrisk: recording the JVM's class archive for faster starts (once per build, about half a minute)..." >&2
    local work tmp="$archive.$$.tmp"
    work="$(mktemp -d)"
    # the archive is written at the training JVM's exit, under a name of this shell's own, then moved into place
    if java "$@" "${quiet[@]}" -XX:ArchiveClassesAtExit="$tmp" -cp "$classpath" org.pupilrisk.cli.PupilRisk \
          assess --data "$ROOT/examples/extract.csv" --qi DateOfBirth,Sex,Postcode --sensitive Reason \
          --out "$work/results" >"$work/log" 2>&1 && [[ -s "$tmp" ]]; then
      mv -f "$tmp" "$archive"
    else
      rm -f "$tmp"
      echo "pupilrisk: no class archive (its training run failed: $(tail -n 1 "$work/log")); starting without one" >&2
    fi
    rm -rf "$work"
  fi
  if [[ -s "$archive" ]]; then
    CLASS_ARCHIVE_OPTS=("${quiet[@]}" -XX:SharedArchiveFile="$archive")
  fi
}
