package io.cartpulse.settings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings file of ALERTS.md section 8 ({@code scripts/backtest --settings}, {@code scripts/rules
 * validate}): JSON lines {@code {"version":N,"effectiveFrom":ms,"settings":{"key":"value"}}}, exactly
 * these three fields, {@code version} and {@code effectiveFrom} JSON integers >= 0, {@code settings}
 * an object (may be empty) of JSON strings, blank lines skipped. A file with an unknown key, a bad
 * value, another field, a repeated key, a line that is not JSON or versions not strictly increasing
 * (in file order) is refused as a whole: the {@link InvalidSettingException} names {@code line N}.
 */
public final class SettingsFile {
  private static final Set<String> FIELDS = Set.of("version", "effectiveFrom", "settings");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private SettingsFile() {}

  public static List<SettingsVersion> read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /** The versions of the file's lines, in file order; {@code lines} without line terminators. */
  public static List<SettingsVersion> parse(List<String> lines) {
    List<SettingsVersion> versions = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      SettingsVersion version;
      try {
        version = parseLine(line);
      } catch (InvalidSettingException e) {
        throw new InvalidSettingException("line " + (i + 1) + ": " + e.getMessage());
      }
      if (!versions.isEmpty() && version.version() <= versions.get(versions.size() - 1).version()) {
        throw new InvalidSettingException("line " + (i + 1) + ": version " + version.version()
            + " is not larger than the version before it (" + versions.get(versions.size() - 1).version() + ")");
      }
      versions.add(version);
    }
    return versions;
  }

  /** One line's version (no line number in the message). */
  public static SettingsVersion parseLine(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new InvalidSettingException("not a JSON object (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidSettingException("not a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidSettingException("unknown field \"" + name + "\" (a version has exactly version, "
            + "effectiveFrom and settings)");
      }
    }
    long version = wholeNumber(node, "version");
    long effectiveFrom = wholeNumber(node, "effectiveFrom");
    JsonNode settings = node.get("settings");
    if (settings == null) {
      throw new InvalidSettingException("settings: missing");
    }
    if (!settings.isObject()) {
      throw new InvalidSettingException("settings: must be a JSON object of keys to string values");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = settings.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isTextual()) {
        throw new InvalidSettingException(field.getKey() + ": the value must be a JSON string, got "
            + field.getValue());
      }
      values.put(field.getKey(), field.getValue().textValue());
    }
    return SettingsVersion.of(version, effectiveFrom, values);
  }

  private static long wholeNumber(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      throw new InvalidSettingException(field + ": missing");
    }
    if (!value.isIntegralNumber()) {
      throw new InvalidSettingException(field + ": must be a JSON integer >= 0, got " + value);
    }
    if (!value.canConvertToLong() || value.longValue() < 0) {
      throw new InvalidSettingException(field + ": must be a JSON integer from 0 to " + Long.MAX_VALUE + ", got "
          + value);
    }
    return value.longValue();
  }

  /** The line of a version, in the file's form (field order as section 8 writes it). */
  public static String format(SettingsVersion version) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("version", version.version());
    line.put("effectiveFrom", version.effectiveFrom());
    line.put("settings", version.settings());
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
