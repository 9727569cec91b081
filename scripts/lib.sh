#!/usr/bin/env bash
# Shared by the scripts in this directory (source it, don't run it): finds the project, builds the
# launcher when it is missing or older than the sources, and runs a Java main of local-stack (or of
# another module, see cartpulse_use_module) on target/classes plus the dependency classpath Maven
# wrote (no fat jar to rebuild).
#
# Environment:
#   JAVA_OPTS             extra JVM options (default heap: -Xmx2g)
#   CARTPULSE_MVN_ARGS    extra Maven arguments for the automatic build (e.g. -o when offline)
#   CARTPULSE_SKIP_BUILD  set to 1 to never build automatically

CARTPULSE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARTPULSE_LOCAL_STACK="$CARTPULSE_HOME/local-stack"
CARTPULSE_CLASSPATH_FILE="$CARTPULSE_LOCAL_STACK/target/runtime-classpath.txt"
CARTPULSE_CLASSES="$CARTPULSE_LOCAL_STACK/target/classes"

# Prints the lines of the calling script that start with '#/' (its usage) and exits 0 when the
# arguments ask for help.
cartpulse_help_if_asked() {
  local arg
  for arg in "$@"; do
    if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
      sed -n 's/^#\/ \{0,1\}//p' "$0"
      exit 0
    fi
  done
}

cartpulse_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# True when the launcher must be (re)built: classes or classpath missing, a jar on the classpath
# gone, or a pom or main source of any module newer than the last build.
cartpulse_needs_build() {
  [ -f "$CARTPULSE_CLASSPATH_FILE" ] || return 0
  [ -d "$CARTPULSE_CLASSES/io/cartpulse" ] || return 0
  local entry
  local IFS=':'
  for entry in $(cat "$CARTPULSE_CLASSPATH_FILE"); do
    [ -e "$entry" ] || return 0
  done
  unset IFS
  local newer
  newer="$(find "$CARTPULSE_HOME/pom.xml" "$CARTPULSE_HOME"/*/pom.xml "$CARTPULSE_HOME"/*/src/main \
    -newer "$CARTPULSE_CLASSPATH_FILE" -type f -print -quit 2>/dev/null || true)"
  [ -n "$newer" ]
}

cartpulse_build() {
  command -v mvn >/dev/null 2>&1 || cartpulse_die "Maven (mvn) is needed to build CartPulse; install it or build elsewhere"
  echo "$(basename "$0"): building CartPulse (mvn -B -q -DskipTests install; takes a minute or two) ..." >&2
  # shellcheck disable=SC2086
  if ! (cd "$CARTPULSE_HOME" && mvn -B -q -DskipTests ${CARTPULSE_MVN_ARGS:-} install) >&2; then
    cartpulse_die "the build failed (see the Maven output above)"
  fi
  [ -f "$CARTPULSE_CLASSPATH_FILE" ] || cartpulse_die "the build did not write $CARTPULSE_CLASSPATH_FILE"
  # Maven may leave an unchanged classpath file untouched; mark this build as the newest.
  touch "$CARTPULSE_CLASSPATH_FILE"
}

cartpulse_ensure_built() {
  if [ "${CARTPULSE_SKIP_BUILD:-0}" != "1" ] && cartpulse_needs_build; then
    cartpulse_build
  fi
  [ -f "$CARTPULSE_CLASSPATH_FILE" ] || cartpulse_die "not built: run 'mvn -DskipTests install' in $CARTPULSE_HOME"
}

# cartpulse_java MAIN_CLASS LOG_FILE [ARGS...]: runs a main of local-stack, or of the module chosen
# with cartpulse_use_module (exec: signals reach Java).
# LOG_FILE may be empty when the main picks its own (run-local logs into its run directory).
cartpulse_java() {
  local main="$1" log_file="$2"
  shift 2
  command -v java >/dev/null 2>&1 || cartpulse_die "java (17 or newer) is not on the PATH"
  cartpulse_ensure_built
  local -a opts=(
    -Dcartpulse.home="$CARTPULSE_HOME"
    -Dlog4j2.configurationFile=log4j2-cartpulse.xml
    # log4j's own status messages (e.g. Flink's surplus log arguments) stay off the console.
    -Dlog4j2.statusLoggerLevel=ERROR
    # What Flink's own launcher opens for its serializers on Java 17.
    --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.net=ALL-UNNAMED
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.text=ALL-UNNAMED
    --add-opens=java.base/java.time=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
    --add-exports=java.base/sun.net.util=ALL-UNNAMED
    --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  )
  if [ -n "$log_file" ]; then
    mkdir -p "$(dirname "$log_file")"
    opts+=(-Dcartpulse.log.file="$log_file")
  fi
  if [ -n "${CARTPULSE_CDS_ARCHIVE:-}" ] && cartpulse_cds_classpath; then
    cartpulse_java_shared "$main" "${opts[@]}" -- "$@"
  fi
  # shellcheck disable=SC2086
  exec java ${JAVA_OPTS:--Xmx2g} "${opts[@]}" \
    -cp "$CARTPULSE_CLASSES:$(cat "$CARTPULSE_CLASSPATH_FILE")" "$main" "$@"
}

# Class-data sharing (AppCDS) for a short-lived main such as scripts/backtest, whose start (JVM, class
# loading, Flink's MiniCluster) costs more than a small input: set CARTPULSE_CDS_ARCHIVE to a file
# under target/ (never committed) before cartpulse_java. The first run writes the archive of the
# classes it loaded when it exits (-XX:ArchiveClassesAtExit); later runs start from it. The archive
# is written again when it is missing, older than any jar on the classpath (a rebuild), or made by
# another java or with other JAVA_OPTS; a JVM that cannot use it ignores it (-Xshare:auto). Only jars
# can be archived, so the module runs from its jar instead of target/classes, as long as that jar is
# at least as new as every class file (else: no sharing, as before).

# Sets CARTPULSE_CDS_CP (the module jar plus the dependency classpath) and succeeds when it can be used.
cartpulse_cds_classpath() {
  local jar
  jar="$(ls "$(dirname "$CARTPULSE_CLASSES")"/cartpulse-*.jar 2>/dev/null | grep -v -- '-tests\.jar$\|-sources\.jar$' | head -n 1 || true)"
  [ -n "$jar" ] && [ -f "$jar" ] || return 1
  [ -z "$(find "$CARTPULSE_CLASSES" -type f -newer "$jar" -print -quit 2>/dev/null)" ] || return 1
  CARTPULSE_CDS_CP="$jar:$(cat "$CARTPULSE_CLASSPATH_FILE")"
}

# cartpulse_java_shared MAIN OPTS... -- ARGS...: runs MAIN from the archive, or writes the archive
# on the way (then without exec, to move the finished archive into place; exits with MAIN's code).
cartpulse_java_shared() {
  local main="$1"
  shift
  local -a opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  local archive="$CARTPULSE_CDS_ARCHIVE" stamp="$CARTPULSE_CDS_ARCHIVE.stamp" expected entry stale=0
  # The JVM and the options that decide what the archive can map.
  expected="$(readlink -f "$(command -v java)") ${JAVA_OPTS:--Xmx2g}"
  # What the archive was made with and its size: the JVM does not check that the file is whole, and a
  # cut-off archive crashes it.
  if [ ! -f "$archive" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$expected $(wc -c < "$archive")" ]; then
    stale=1
  else
    local IFS=':'
    for entry in $CARTPULSE_CDS_CP; do
      if [ "$entry" -nt "$archive" ]; then
        stale=1
        break
      fi
    done
    unset IFS
  fi
  # The JVM's own CDS messages (classes it cannot archive) stay off the console.
  opts+=(-Xlog:cds*=off)
  if [ "$stale" = 0 ]; then
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:--Xmx2g} -XX:SharedArchiveFile="$archive" "${opts[@]}" -cp "$CARTPULSE_CDS_CP" \
      "$main" "$@"
  fi
  mkdir -p "$(dirname "$archive")"
  rm -f "$archive" "$stamp"
  local partial="$archive.$$.partial" code=0
  # shellcheck disable=SC2064
  trap "rm -f '$partial'" EXIT
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:--Xmx2g} -XX:ArchiveClassesAtExit="$partial" "${opts[@]}" -cp "$CARTPULSE_CDS_CP" \
    "$main" "$@" || code=$?
  # Only a run that went through writes the archive (a failed one may have stopped half-way).
  if [ "$code" = 0 ] && [ -s "$partial" ]; then
    mv -f "$partial" "$archive" && printf '%s %s' "$expected" "$(wc -c < "$archive")" > "$stamp"
  fi
  exit "$code"
}

# cartpulse_use_module MODULE: from here on cartpulse_java runs mains of MODULE (its target/classes
# plus the classpath file its package phase writes), e.g. backtest for scripts/backtest.
cartpulse_use_module() {
  CARTPULSE_CLASSPATH_FILE="$CARTPULSE_HOME/$1/target/runtime-classpath.txt"
  CARTPULSE_CLASSES="$CARTPULSE_HOME/$1/target/classes"
}

# cartpulse_use_benchmarks: mains of the benchmarks module, e.g. scripts/bench-live.
cartpulse_use_benchmarks() {
  cartpulse_use_module benchmarks
}
