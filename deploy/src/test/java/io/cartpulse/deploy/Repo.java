package io.cartpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository the tests run in (Surefire starts them in deploy/) and what its files say. */
final class Repo {
  static final Path ROOT = findRoot();

  private Repo() {}

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("compose")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no repository root (pom.xml and compose/) above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML document of a file (Kubernetes manifests hold several), merge keys resolved. */
  static List<Map<String, Object>> yamlDocuments(String relative) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml(new LoaderOptions()).loadAll(read(relative))) {
      if (document != null) {
        documents.add(cast(document));
      }
    }
    return documents;
  }

  static Map<String, Object> yaml(String relative) {
    List<Map<String, Object>> documents = yamlDocuments(relative);
    if (documents.size() != 1) {
      throw new IllegalStateException(relative + ": expected one YAML document, found " + documents.size());
    }
    return documents.get(0);
  }

  @SuppressWarnings("unchecked")
  static <T> T cast(Object value) {
    return (T) value;
  }

  /** {@code a.b.c} in nested maps, or null. */
  static Object at(Map<String, Object> map, String dottedPath) {
    Object current = map;
    for (String key : dottedPath.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  /** The modules the parent pom lists. */
  static List<String> modules() {
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
    while (m.find()) {
      modules.add(m.group(1));
    }
    return modules;
  }

  /** The artifactId of a module's own pom (not its parent's). */
  static String artifactId(String module) {
    try {
      Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(path(module).resolve("pom.xml").toFile());
      for (Node node = pom.getDocumentElement().getFirstChild(); node != null; node = node.getNextSibling()) {
        if (node instanceof Element e && e.getTagName().equals("artifactId")) {
          return e.getTextContent().trim();
        }
      }
      throw new IllegalStateException(module + "/pom.xml has no artifactId");
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + module + "/pom.xml: " + e, e);
    }
  }

  /** The class of that name exists on the test classpath (every module's production code is on it). */
  static boolean classExists(String name) {
    try {
      Class.forName(name, false, Repo.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
