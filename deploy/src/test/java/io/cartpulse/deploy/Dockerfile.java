package io.cartpulse.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read into stages and instructions, with the user and working directory every
 * instruction runs under.
 *
 * <p>Hand-written because no maintained Java Dockerfile parser is on Maven Central; what is needed
 * is small: comments, line continuations, heredocs ({@code COPY <<'EOF' /path}), {@code ARG}
 * defaults in {@code FROM}, and {@code USER}/{@code WORKDIR} per stage.
 */
final class Dockerfile {
  /**
   * Default user, home and working directory of base images this project builds on, as their own
   * Dockerfiles leave them (the official flink image ends with {@code USER flink}, home
   * {@code /opt/flink}); every other image runs as root.
   */
  static final Map<String, String[]> BASE_IMAGE_USERS = Map.of(
      "flink", new String[] {"flink", "/opt/flink", "/opt/flink"});

  record Instruction(int line, String keyword, String arguments, List<String> heredocBodies, String user,
      String userHome, String workdir) {}

  record Stage(String image, String name, List<Instruction> instructions) {
    /** The user the stage's image runs as. */
    String finalUser(Map<String, Stage> stages) {
      String user = null;
      for (Instruction instruction : instructions) {
        user = instruction.user();
      }
      return user != null ? user : initialUser(this, stages)[0];
    }
  }

  final String name;
  final List<Stage> stages = new ArrayList<>();
  final Map<String, String> globalArgs = new LinkedHashMap<>();

  private Dockerfile(String name) {
    this.name = name;
  }

  static Dockerfile parse(String name, String text) {
    Dockerfile file = new Dockerfile(name);
    String[] lines = text.split("\n", -1);
    Map<String, Stage> byName = new LinkedHashMap<>();
    Map<String, String> homes = new LinkedHashMap<>();
    Stage stage = null;
    String user = null;
    String home = null;
    String workdir = "/";
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      int first = i;
      StringBuilder logical = new StringBuilder(line.stripTrailing());
      while (logical.toString().endsWith("\\") && i + 1 < lines.length) {
        logical.setLength(logical.length() - 1);
        String next = lines[++i];
        if (!next.stripLeading().startsWith("#")) {
          logical.append(' ').append(next.strip());
        }
      }
      String instruction = logical.toString().strip();
      int space = instruction.indexOf(' ');
      String keyword = (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(Locale.ROOT);
      String arguments = space < 0 ? "" : instruction.substring(space + 1).strip();
      List<String> bodies = new ArrayList<>();
      Matcher heredoc = Pattern.compile("<<-?['\"]?(\\w+)['\"]?").matcher(arguments);
      while (heredoc.find()) {
        StringBuilder body = new StringBuilder();
        while (++i < lines.length && !lines[i].strip().equals(heredoc.group(1))) {
          body.append(lines[i]).append('\n');
        }
        bodies.add(body.toString());
      }
      if (keyword.equals("ARG") && stage == null) {
        String[] kv = arguments.split("=", 2);
        file.globalArgs.put(kv[0].strip(), kv.length > 1 ? kv[1].strip() : "");
        continue;
      }
      if (keyword.equals("FROM")) {
        String[] parts = arguments.split("\\s+");
        String image = file.substitute(parts[0]);
        String stageName = parts.length >= 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : null;
        stage = new Stage(image, stageName, new ArrayList<>());
        file.stages.add(stage);
        if (stageName != null) {
          byName.put(stageName, stage);
        }
        String[] initial = initialUser(stage, byName);
        user = initial[0];
        home = initial[1];
        workdir = initial[2];
        continue;
      }
      if (stage == null) {
        throw new IllegalStateException(name + ":" + (first + 1) + ": " + keyword + " before the first FROM");
      }
      if (keyword.equals("USER")) {
        user = arguments.split(":")[0];
        home = homeOf(user, stage, homes);
      } else if (keyword.equals("WORKDIR")) {
        workdir = arguments.startsWith("/") ? arguments : Path.of(workdir).resolve(arguments).normalize().toString();
      } else if (keyword.equals("RUN")) {
        Matcher useradd = Pattern.compile("useradd\\b[^&;|]*?--home-dir\\s+(\\S+)[^&;|]*?\\s(\\w+)\\s*(?:&&|;|$)")
            .matcher(arguments);
        while (useradd.find()) {
          homes.put(useradd.group(2), useradd.group(1));
        }
      }
      stage.instructions().add(new Instruction(first + 1, keyword, arguments, bodies, user, home, workdir));
    }
    return file;
  }

  /** A user's home: as useradd made it in this file, as the known base image has it, or the usual default. */
  private static String homeOf(String user, Stage stage, Map<String, String> homesAddedHere) {
    if (homesAddedHere.containsKey(user)) {
      return homesAddedHere.get(user);
    }
    String[] known = BASE_IMAGE_USERS.get(stage.image().split(":")[0]);
    if (known != null && known[0].equals(user)) {
      return known[1];
    }
    return user.equals("root") ? "/root" : "/home/" + user;
  }

  /** User, home and workdir a stage starts with: its base stage's, a known image's, or root's. */
  private static String[] initialUser(Stage stage, Map<String, Stage> stages) {
    Stage base = stages.get(stage.image());
    if (base != null && base != stage && !base.instructions().isEmpty()) {
      Instruction last = base.instructions().get(base.instructions().size() - 1);
      return new String[] {last.user(), last.userHome(), last.workdir()};
    }
    String[] known = BASE_IMAGE_USERS.get(stage.image().split(":")[0]);
    return known != null ? known : new String[] {"root", "/root", "/"};
  }

  private String substitute(String text) {
    Matcher m = Pattern.compile("\\$\\{?(\\w+)}?").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(globalArgs.getOrDefault(m.group(1), m.group())));
    }
    return m.appendTail(out).toString();
  }

  Stage lastStage() {
    return stages.get(stages.size() - 1);
  }

  Map<String, Stage> stagesByName() {
    Map<String, Stage> named = new LinkedHashMap<>();
    stages.stream().filter(s -> s.name() != null).forEach(s -> named.put(s.name(), s));
    return named;
  }

  List<Instruction> instructions(String keyword) {
    List<Instruction> found = new ArrayList<>();
    stages.forEach(s -> s.instructions().stream().filter(i -> i.keyword().equals(keyword)).forEach(found::add));
    return found;
  }

  /** The paths {@code COPY <<'EOF' /path} heredocs create in the last stage. */
  List<String> heredocTargets() {
    List<String> targets = new ArrayList<>();
    for (Instruction instruction : lastStage().instructions()) {
      Matcher m = Pattern.compile("<<-?['\"]?\\w+['\"]?\\s+(\\S+)").matcher(instruction.arguments());
      if (instruction.keyword().equals("COPY") && m.find()) {
        targets.add(m.group(1));
      }
    }
    return targets;
  }

  // ---------------------------------------------------------------------------------------------
  // Which RUN writes where

  private static final List<String> ROOT_ONLY = List.of("apt-get", "apt", "apk", "yum", "dnf", "microdnf",
      "useradd", "groupadd", "adduser", "addgroup", "usermod", "chown");
  private static final List<String> WRITES_OPERANDS = List.of("mkdir", "touch", "rm", "chmod", "tee", "truncate");
  private static final List<String> WRITES_LAST_OPERAND = List.of("cp", "mv", "ln", "install");

  /**
   * Every place a RUN run by a user other than root writes outside that user's home (and /tmp):
   * such a RUN fails in the build, so it must run as root. Package managers, user management and
   * chown always need root. Returns "line N: why" per problem.
   */
  List<String> nonRootWritesOutsideHome() {
    List<String> problems = new ArrayList<>();
    for (Instruction run : instructions("RUN")) {
      if (run.user() == null || run.user().equals("root") || run.user().equals("0")) {
        continue;
      }
      String script = run.arguments().replaceAll("--mount=\\S+", " ");
      for (String command : script.split("&&|\\|\\||;|\\|")) {
        List<String> words = new ArrayList<>(List.of(command.strip().split("\\s+")));
        words.removeIf(String::isEmpty);
        if (words.isEmpty()) {
          continue;
        }
        String program = words.get(0);
        List<String> operands = new ArrayList<>();
        for (int w = 1; w < words.size(); w++) {
          String word = words.get(w);
          if (word.matches("\\d*>>?(&\\d+)?")) {
            w++; // a redirection and its target (collected below)
          } else if (!word.startsWith("-") && !word.matches("\\d*>.*")) {
            operands.add(word);
          }
        }
        List<String> targets = new ArrayList<>();
        if (ROOT_ONLY.contains(program)) {
          problems.add("line " + run.line() + ": '" + program + "' as user " + run.user() + " (needs root)");
          continue;
        }
        if (WRITES_OPERANDS.contains(program)) {
          targets.addAll(program.equals("chmod") && !operands.isEmpty() ? operands.subList(1, operands.size()) : operands);
        } else if (WRITES_LAST_OPERAND.contains(program) && !operands.isEmpty()) {
          targets.add(operands.get(operands.size() - 1));
        }
        Matcher redirect = Pattern.compile(">>?\\s*(\\S+)").matcher(command);
        while (redirect.find()) {
          targets.add(redirect.group(1));
        }
        for (String target : targets) {
          if (target.startsWith("&") || target.startsWith("$")) {
            continue;
          }
          Path where = Path.of(run.workdir()).resolve(target).normalize();
          if (!where.startsWith(run.userHome()) && !where.startsWith("/tmp") && !where.startsWith("/dev")) {
            problems.add("line " + run.line() + ": '" + program + "' writes " + where + " as user " + run.user()
                + " (home " + run.userHome() + "); run it as root (USER root before it, back after)");
          }
        }
      }
    }
    return problems;
  }
}
