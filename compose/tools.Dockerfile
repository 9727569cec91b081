# syntax=docker/dockerfile:1.7
#
# CartPulse tools: the local-stack module (synthetic shop producer, topic creation, schema
# registration, tail-alerts) as one image. Build from the repository root:
#   docker build -f compose/tools.Dockerfile -t cartpulse/tools .
# Run a main: docker run --rm cartpulse/tools io.cartpulse.local.tools.TailAlerts --bootstrap ...

ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY local-platform/pom.xml local-platform/
COPY streams-app/pom.xml streams-app/
COPY flink-jobs/pom.xml flink-jobs/
COPY dashboard/pom.xml dashboard/
COPY local-stack/pom.xml local-stack/
COPY backtest/pom.xml backtest/
COPY benchmarks/pom.xml benchmarks/
COPY deploy/pom.xml deploy/
COPY schemas/src schemas/src
COPY local-platform/src local-platform/src
COPY streams-app/src streams-app/src
COPY flink-jobs/src flink-jobs/src
COPY dashboard/src dashboard/src
COPY local-stack/src local-stack/src
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl local-stack -am -DskipTests package \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory=target/lib \
 && mkdir -p /out/lib \
 && cp local-stack/target/lib/*.jar /out/lib/ \
 && cp local-stack/target/cartpulse-local-stack-*.jar /out/lib/ \
 && rm -f /out/lib/*-tests.jar /out/lib/*-sources.jar

FROM ${RUNTIME_IMAGE}
ARG APP_UID=10001
RUN groupadd --system --gid ${APP_UID} cartpulse \
 && useradd --system --uid ${APP_UID} --gid cartpulse --home-dir /app --shell /usr/sbin/nologin cartpulse \
 && mkdir -p /app/lib /app/run && chown cartpulse:cartpulse /app/run
COPY --from=build /out/lib/ /app/lib/

# run-main MAIN_CLASS [ARGS...]: the console shows warnings and errors (and what the main prints),
# the full log goes to /app/run/cartpulse.log.
COPY --chmod=0755 <<'EOF2' /app/run-main
#!/bin/sh
set -e
main="${1:?usage: run-main MAIN_CLASS [ARGS...]}"
shift
# shellcheck disable=SC2086
exec java ${JAVA_OPTS} -Dcartpulse.home=/app -Dlog4j2.configurationFile=log4j2-cartpulse.xml \
  -Dcartpulse.log.file=/app/run/cartpulse.log -cp "/app/lib/*" "$main" "$@"
EOF2

# Healthy = an established connection to the first bootstrap broker's port (the producer is
# connected); for one-shot mains the check does not matter.
COPY --chmod=0755 <<'EOF2' /app/healthcheck.sh
#!/bin/sh
first="${CARTPULSE_BOOTSTRAP_SERVERS:-kafka:9092}"
first="${first%%,*}"
port_hex="$(printf '%04X' "${first##*:}")"
awk -v port=":$port_hex" '$4 == "01" && substr($3, length($3) - 4) == port { found = 1 } END { exit !found }' \
  /proc/net/tcp /proc/net/tcp6 2>/dev/null
EOF2

ENV JAVA_OPTS="-XX:MaxRAMPercentage=70 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8"
USER cartpulse
WORKDIR /app
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=4 CMD ["/app/healthcheck.sh"]
ENTRYPOINT ["/app/run-main"]
CMD ["io.cartpulse.local.generator.ProduceSynthetic", "--help"]
