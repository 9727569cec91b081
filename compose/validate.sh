#!/usr/bin/env bash
#/ Usage: compose/validate.sh
#/   Static checks of compose/, the Dockerfiles and deploy/kubernetes/ without a Docker engine or a
#/   cluster: the JUnit tests of the deploy module (ComposeTest, DockerfilesTest, MonitoringTest,
#/   KubernetesManifestsTest), which `mvn -B verify` runs too. They check the files against the
#/   code: settings against StreamsAppConfig / JobConfig / Kafka's and Flink's own definitions,
#/   topics against the ones the tools create, classes, tool options, jar names, health checks,
#/   published ports (127.0.0.1 only), the Prometheus and Grafana configuration, and that every
#/   Dockerfile RUN writing outside its user's home runs as root.
#/   With a Docker Compose plugin installed, `docker compose config -q` checks the syntax first.
#/   Environment: CARTPULSE_MVN_ARGS (extra Maven arguments, e.g. -o).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    sed -n 's/^#\/ \{0,1\}//p' "$0"
    exit 0
  fi
done

if docker compose version >/dev/null 2>&1; then
  docker compose -f "$here/docker-compose.yml" --env-file "$here/.env.example" config -q
  echo "validate: docker compose config -q: ok"
fi
cd "$root"
# shellcheck disable=SC2086
exec mvn -B ${CARTPULSE_MVN_ARGS:-} -pl deploy -am test -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='ComposeTest,DockerfilesTest,MonitoringTest,KubernetesManifestsTest'
