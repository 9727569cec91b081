#!/usr/bin/env bash
#/ Usage: compose/validate.sh
#/   Static checks of compose/docker-compose.yml and the Dockerfiles, without a Docker engine:
#/   1. the compose file is valid: `docker compose config -q` when a compose plugin is installed,
#/      else a YAML parse (python3 + PyYAML), else a minimal structural check;
#/   2. everything the files name is consistent with the repository: build contexts, Dockerfiles
#/      and the paths they COPY, jar names vs the modules' artifactIds (and the shaded "job" jar of
#/      flink-jobs), main classes, the options passed to each main, the CARTPULSE_* variables the
#/      streams-app reads, health-check scripts, depends_on targets and conditions, pinned image
#/      tags, and the variables of compose/.env.example.
#/   Exit 0 when everything holds; otherwise every problem is printed and the exit code is 1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
compose_file="$here/docker-compose.yml"
env_example="$here/.env.example"

for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    sed -n 's/^#\/ \{0,1\}//p' "$0"
    exit 0
  fi
done

status=0
echo "validate: $compose_file"

# ---- 1. syntax -----------------------------------------------------------------------------
if docker compose version >/dev/null 2>&1; then
  if docker compose -f "$compose_file" --env-file "$env_example" config -q; then
    echo "ok   docker compose config -q"
  else
    echo "FAIL docker compose config rejected the file"
    status=1
  fi
elif command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
  if python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$compose_file"; then
    echo "ok   YAML parses (PyYAML; no docker compose plugin here)"
  else
    echo "FAIL the compose file is not valid YAML"
    status=1
  fi
else
  # Last resort: tabs are never valid YAML indentation, and the top-level keys must be there.
  if grep -q "$(printf '\t')" "$compose_file"; then
    echo "FAIL tab characters in $compose_file"
    status=1
  fi
  for key in services volumes; do
    grep -q "^$key:" "$compose_file" || { echo "FAIL no top-level '$key:'"; status=1; }
  done
  echo "warn neither docker compose nor PyYAML: only a minimal structural check was possible"
fi

# ---- 2. consistency --------------------------------------------------------------------------
if ! command -v python3 >/dev/null 2>&1; then
  echo "warn python3 missing: consistency checks skipped"
  exit "$status"
fi

python3 - "$root" "$compose_file" "$env_example" <<'PYTHON' || status=1
import glob
import os
import re
import sys

root, compose_path, env_path = sys.argv[1:4]
problems = []
checks = 0


def check(ok, message):
    global checks
    checks += 1
    if not ok:
        problems.append(message)


def read(path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


compose_text = open(compose_path, encoding="utf-8").read()

# .env.example <-> ${VAR} references
env_defaults = {}
for line in open(env_path, encoding="utf-8"):
    line = line.strip()
    if line and not line.startswith("#"):
        key, _, value = line.partition("=")
        env_defaults[key.strip()] = value.strip()
referenced = {}
for match in re.finditer(r"(?<!\$)\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}", compose_text):
    referenced.setdefault(match.group(1), set()).add(match.group(2))
for var, defaults in sorted(referenced.items()):
    check(var in env_defaults, f".env.example lacks {var} (used by docker-compose.yml)")
    for default in defaults:
        if default is not None and var in env_defaults:
            check(default == env_defaults[var],
                  f"{var}: default '{default}' in docker-compose.yml differs from '{env_defaults[var]}' in .env.example")
for var in env_defaults:
    check(var in referenced, f".env.example sets {var}, which docker-compose.yml never uses")


def interpolate(value):
    if isinstance(value, str):
        value = re.sub(r"(?<!\$)\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}",
                       lambda m: env_defaults.get(m.group(1), m.group(2) or ""), value)
        return value.replace("$$", "$")
    if isinstance(value, list):
        return [interpolate(v) for v in value]
    if isinstance(value, dict):
        return {k: interpolate(v) for k, v in value.items()}
    return value


try:
    import yaml
except ImportError:
    print("warn PyYAML missing: service-level checks skipped, file-level checks only")
    yaml = None


# Facts from the repository ------------------------------------------------------------------
def artifact_id(module):
    pom = read(f"{module}/pom.xml")
    pom = re.sub(r"<parent>.*?</parent>", "", pom, flags=re.S)
    return re.search(r"<artifactId>([^<]+)</artifactId>", pom).group(1)


def class_exists(name):
    path = name.replace(".", "/") + ".java"
    return bool(glob.glob(os.path.join(root, "*", "src", "main", "java", path)))


def main_options(class_name):
    """The --options a main accepts (its Args.parse sets, or its JobConfig keys)."""
    source = read(glob.glob(os.path.join(root, "*", "src", "main", "java",
                                         class_name.replace(".", "/") + ".java"))[0][len(root) + 1:])
    parse = re.search(r"Args\.parse\((.*?)\);", source, re.S)
    if not parse:
        return None
    return set(re.findall(r'"([a-z][a-z0-9-]*)"', parse.group(1)))


dockerfiles = {
    "streams-app/Dockerfile": "streams-app",
    "flink-jobs/Dockerfile": "flink-jobs",
    "compose/tools.Dockerfile": "local-stack",
}
heredoc_targets = {}
for dockerfile, module in dockerfiles.items():
    check(os.path.isfile(os.path.join(root, dockerfile)), f"{dockerfile} is missing")
    if not os.path.isfile(os.path.join(root, dockerfile)):
        continue
    text = read(dockerfile)
    aid = artifact_id(module)
    # Jar names the build stage copies must be the module's artifactId.
    for jar in re.findall(r"target/(cartpulse-[a-z-]+?)-\*", text):
        check(jar == aid, f"{dockerfile} copies {jar}-*.jar but {module}/pom.xml builds {aid}")
    check(aid in text, f"{dockerfile} never names the {module} jar ({aid})")
    # COPY sources from the build context (not --from=, not heredocs) must exist.
    for line in text.splitlines():
        m = re.match(r"\s*COPY\s+(.*)$", line)
        if not m or "--from=" in line or "<<" in line:
            continue
        parts = [p for p in m.group(1).split() if not p.startswith("--")]
        for src in parts[:-1]:
            check(os.path.exists(os.path.join(root, src)), f"{dockerfile}: COPY source {src} does not exist")
    for target in re.findall(r"COPY\s+(?:--\S+\s+)*<<'?(\w+)'?\s+(\S+)", text):
        heredoc_targets.setdefault(target[1], set()).add(dockerfile)
    for cls in re.findall(r"io\.cartpulse(?:\.[a-z]+)+\.[A-Z]\w+", text):
        check(class_exists(cls), f"{dockerfile} names {cls}, which has no source file")
    check(re.search(r"^FROM .* AS build", text, re.M) is not None, f"{dockerfile}: no multi-stage build stage")
    # Maven reads every module the parent pom lists, even with -pl: each module's pom must be copied.
    for listed in re.findall(r"<module>([^<]+)</module>", read("pom.xml")):
        check(re.search(rf"^COPY\s+{re.escape(listed)}/pom\.xml\s", text, re.M) is not None,
              f"{dockerfile} does not copy {listed}/pom.xml (a module of pom.xml): Maven would fail in the build stage")

flink_pom = read("flink-jobs/pom.xml")
check("<shadedClassifierName>job</shadedClassifierName>" in flink_pom,
      "flink-jobs/pom.xml does not attach a shaded jar with classifier 'job' (flink-jobs/Dockerfile copies *-job.jar)")
check("<shadedArtifactAttached>true</shadedArtifactAttached>" in flink_pom,
      "flink-jobs/pom.xml: the shaded jar must be attached (the thin jar stays the main artifact)")
check("<include>org.apache.flink:flink-connector-kafka</include>" in flink_pom,
      "the shaded job jar must include flink-connector-kafka (not part of the Flink distribution)")
streams_dockerfile = read("streams-app/Dockerfile")
check("USER cartpulse" in streams_dockerfile, "streams-app/Dockerfile must run as a non-root user")
check("HEALTHCHECK" in streams_dockerfile, "streams-app/Dockerfile has no HEALTHCHECK")
check("eclipse-temurin:17-jre" in streams_dockerfile and "maven:3.9-eclipse-temurin-17" in streams_dockerfile,
      "streams-app/Dockerfile must build with maven:3.9-eclipse-temurin-17 and run on eclipse-temurin:17-jre")
flink_dockerfile = read("flink-jobs/Dockerfile")
check("flink:2.2.1-java17" in flink_dockerfile, "flink-jobs/Dockerfile must default to flink:2.2.1-java17")

# Keys the streams-app reads from CARTPULSE_* variables.
streams_config = read("streams-app/src/main/java/io/cartpulse/streams/config/StreamsAppConfig.java")
streams_keys = set(re.findall(r'=\s*"(cartpulse\.[a-z0-9.-]+)"', streams_config))
check(len(streams_keys) > 5, "could not read the cartpulse.* keys of StreamsAppConfig")
# Kafka Streams / registry keys the compose file sets (StreamsConfig names, passed through).
passthrough = {"bootstrap.servers", "schema.registry.url", "application.id", "application.server",
               "processing.guarantee", "num.stream.threads", "replication.factor", "state.dir"}


def env_name(key):
    bare = key[len("cartpulse."):] if key.startswith("cartpulse.") else key
    return "CARTPULSE_" + bare.upper().replace(".", "_").replace("-", "_")


streams_env = {env_name(k) for k in streams_keys | passthrough}
# Read by streams-app/Dockerfile's entrypoint and health check, not by the app.
streams_env |= {"CARTPULSE_APPLICATION_PORT", "CARTPULSE_CONFIG_FILE"}
check('"CARTPULSE_CONFIG_FILE"' in read("streams-app/src/main/java/io/cartpulse/streams/CartPulseStreamsApp.java"),
      "CartPulseStreamsApp no longer reads CARTPULSE_CONFIG_FILE")
for var in re.findall(r"\$\{?(CARTPULSE_[A-Z0-9_]+)", streams_dockerfile):
    check(var in streams_env, f"streams-app/Dockerfile uses {var}, which the streams-app does not read")

job_config = read("flink-jobs/src/main/java/io/cartpulse/flink/config/JobConfig.java")
job_keys = set(re.findall(r'public static final String [A-Z_]+ = "([a-z][a-z0-9.]+)";', job_config))
job_keys -= {"rocksdb", "hashmap", "kafka."}
check("bootstrap.servers" in job_keys, "could not read the keys of JobConfig")
job_name = re.search(r'JOB_NAME = "([^"]+)"', read("flink-jobs/src/main/java/io/cartpulse/flink/CartPulseJob.java"))
topics_java = read("schemas/src/main/java/io/cartpulse/contract/Topics.java")
topics = set(re.findall(r'public static final String [A-Z_]+ = "([a-z-]+)";', topics_java))

if yaml is not None:
    spec = interpolate(yaml.safe_load(compose_text))
    services = spec.get("services", {})
    for wanted in ["kafka", "schema-registry", "init", "streams-app", "jobmanager", "taskmanager",
                   "flink-submit", "generator"]:
        check(wanted in services, f"service {wanted} is missing")

    built = {}
    for name, svc in services.items():
        build = svc.get("build")
        if build:
            context = os.path.normpath(os.path.join(os.path.dirname(compose_path), build.get("context", ".")))
            dockerfile = os.path.join(context, build.get("dockerfile", "Dockerfile"))
            check(os.path.isfile(dockerfile), f"{name}: Dockerfile {dockerfile} does not exist")
            check(context == root, f"{name}: build context must be the repository root, is {context}")
            built[svc.get("image")] = os.path.relpath(dockerfile, root)
    for name, svc in services.items():
        image = svc.get("image", "")
        if image.startswith("cartpulse/"):
            check(image in built, f"{name}: image {image} is built by no service")
        else:
            check(":" in image and not image.endswith(":latest"), f"{name}: third-party image {image} is not pinned")

    def has_health(name):
        svc = services[name]
        hc = svc.get("healthcheck")
        if hc is not None:
            return not hc.get("disable", False)
        dockerfile = built.get(svc.get("image"))
        return dockerfile is not None and "HEALTHCHECK" in read(dockerfile)

    for name, svc in services.items():
        one_shot = svc.get("restart") == "no" and (svc.get("healthcheck") or {}).get("disable")
        if not one_shot:
            check(has_health(name), f"{name}: long-running service without a health check")
        depends = svc.get("depends_on") or {}
        check(isinstance(depends, dict), f"{name}: depends_on must name a condition for each service")
        for target, cond in (depends.items() if isinstance(depends, dict) else []):
            check(target in services, f"{name}: depends_on unknown service {target}")
            if target not in services:
                continue
            condition = (cond or {}).get("condition")
            check(condition in ("service_healthy", "service_completed_successfully"),
                  f"{name}: depends_on {target} needs condition service_healthy or service_completed_successfully")
            if condition == "service_healthy":
                check(has_health(target), f"{name} waits for {target} to be healthy, but {target} has no health check")
            if condition == "service_completed_successfully":
                check(services[target].get("restart") == "no", f"{name} waits for {target} to complete, but it restarts")
        hc = svc.get("healthcheck") or {}
        for token in hc.get("test", []) if isinstance(hc.get("test"), list) else []:
            if token.startswith("/app/") or token.startswith("/opt/flink/bin/cartpulse"):
                dockerfile = built.get(svc.get("image"))
                check(dockerfile is not None and dockerfile in heredoc_targets.get(token, set()),
                      f"{name}: health check {token} is not created by {dockerfile}")

    def command_text(svc):
        parts = []
        for key in ("entrypoint", "command"):
            value = svc.get(key)
            if isinstance(value, list):
                parts.extend(str(v) for v in value)
            elif value:
                parts.append(str(value))
        return " ".join(parts)

    # Mains and their options.
    for name, svc in services.items():
        text = command_text(svc)
        for cls in re.findall(r"io\.cartpulse(?:\.[a-z]+)+\.[A-Z]\w+", text):
            check(class_exists(cls), f"{name}: {cls} has no source file")
        if svc.get("image", "").startswith("cartpulse/tools"):
            for call in re.split(r"(?=io\.cartpulse\.)", text)[1:]:
                cls = re.match(r"[\w.]+", call).group(0)
                if not class_exists(cls):
                    continue
                accepted = main_options(cls)
                used = set(re.findall(r"--([a-z][a-z0-9-]*)", call.split("/app/run-main")[0]))
                if accepted is not None:
                    for option in used - accepted:
                        check(False, f"{name}: {cls.rsplit('.', 1)[1]} has no option --{option}")
        m = re.search(r"--topic\s+(\S+)", text)
        if m:
            check(m.group(1) in topics, f"{name}: topic {m.group(1)} is not one of {sorted(topics)}")

    streams = services.get("streams-app", {})
    for var in streams.get("environment", {}):
        check(var in streams_env, f"streams-app: {var} is not a setting of the streams-app")
    check(streams.get("deploy", {}).get("replicas") is not None, "streams-app: set deploy.replicas")
    check("container_name" not in streams, "streams-app: container_name prevents scaling")
    app_id = streams.get("environment", {}).get("CARTPULSE_APPLICATION_ID", "cartpulse-streams")
    check(app_id in streams_dockerfile, f"streams-app/Dockerfile's health check assumes another application id than {app_id}")

    submit = command_text(services.get("flink-submit", {}))
    check("/opt/flink/usrlib/cartpulse-flink-jobs.jar" in submit and
          "/opt/flink/usrlib/cartpulse-flink-jobs.jar" in flink_dockerfile,
          "flink-submit runs a jar that flink-jobs/Dockerfile does not install")
    check("io.cartpulse.flink.CartPulseJob" in submit, "flink-submit must run io.cartpulse.flink.CartPulseJob")
    after_jar = submit.split("cartpulse-flink-jobs.jar", 1)[-1]
    for option in re.findall(r"--([a-z][a-z0-9.]*)", after_jar):
        check(option in job_keys, f"flink-submit passes --{option}, which JobConfig does not know")
    check(job_name is not None and job_name.group(1) in submit,
          "flink-submit looks for a running job under another name than CartPulseJob.JOB_NAME")

    kafka_env = services.get("kafka", {}).get("environment", {})
    check(kafka_env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE") == "false",
          "kafka: auto topic creation should be off (init creates the topics)")
    init_text = command_text(services.get("init", {}))
    check("CreateTopics" in init_text and "RegisterSchemas" in init_text,
          "init must create the topics and register the schemas")
    for avsc in ("ClickEvent", "Alert", "PvUvPoint"):
        check(os.path.isfile(os.path.join(root, "schemas", "src", "main", "avro", avsc + ".avsc")),
              f"schemas/src/main/avro/{avsc}.avsc is missing (RegisterSchemas registers it)")

    # Configuration keys must be real keys of the pinned versions (when their jars are in ~/.m2):
    # FLINK_PROPERTIES against flink-core, KAFKA_* broker variables against the Kafka server jars.
    import zipfile

    parent_pom = read("pom.xml")
    m2 = os.path.expanduser("~/.m2/repository")

    def utf8_constant(text):
        """How a string literal sits in a class file's constant pool: tag 1, u2 length, bytes."""
        data = text.encode()
        return b"\x01" + len(data).to_bytes(2, "big") + data

    def jar_strings(jars, prefix):
        blob = bytearray()
        for jar in jars:
            with zipfile.ZipFile(jar) as z:
                for entry in z.namelist():
                    if entry.startswith(prefix) and entry.endswith(".class"):
                        blob += z.read(entry)
        return bytes(blob)

    flink_version = re.search(r"<flink.version>([^<]+)</flink.version>", parent_pom).group(1)
    flink_core = glob.glob(f"{m2}/org/apache/flink/flink-core/{flink_version}/flink-core-{flink_version}.jar")
    flink_props = services.get("jobmanager", {}).get("environment", {}).get("FLINK_PROPERTIES", "")
    if flink_core:
        known = jar_strings(flink_core, "org/apache/flink/configuration/")
        for line in flink_props.splitlines():
            key = line.split(":", 1)[0].strip()
            if key:
                check(utf8_constant(key) in known, f"FLINK_PROPERTIES: {key} is not a Flink {flink_version} option")
    else:
        print(f"warn flink-core {flink_version} not in ~/.m2: FLINK_PROPERTIES keys not checked")

    kafka_version = re.search(r"<kafka.version>([^<]+)</kafka.version>", parent_pom).group(1)
    kafka_jars = glob.glob(f"{m2}/org/apache/kafka/*/{kafka_version}/*-{kafka_version}.jar")
    kafka_jars = [j for j in kafka_jars if not j.endswith(("-test.jar", "-tests.jar", "-sources.jar"))]
    if any("/kafka-server/" in j or "/kafka_2.13/" in j for j in kafka_jars):
        known = jar_strings(kafka_jars, "org/apache/kafka/") + jar_strings(kafka_jars, "kafka/")
        image_vars = {"CLUSTER_ID", "KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS", "KAFKA_LOG4J_OPTS"}
        for var in kafka_env:
            if var in image_vars:
                continue
            key = var[len("KAFKA_"):].lower().replace("_", ".")
            check(var.startswith("KAFKA_") and utf8_constant(key) in known,
                  f"kafka: {var} maps to {key}, which is not a Kafka {kafka_version} broker setting")
    else:
        print(f"warn Kafka {kafka_version} server jars not in ~/.m2: broker variables not checked")

if problems:
    for p in problems:
        print("FAIL " + p)
    print(f"validate: {len(problems)} of {checks} checks failed")
    sys.exit(1)
print(f"ok   {checks} consistency checks")
PYTHON

if [ "$status" -eq 0 ]; then
  echo "validate: OK"
else
  echo "validate: FAILED"
fi
exit "$status"
