package io.cartpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.Setting;
import io.cartpulse.settings.Setting.Engine;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The configuration tables of the READMEs against the setting definitions (issue 16: one
 * definition of every setting; the docs are checked against it): every key an engine defines is in
 * its README's table with its default, the run-time keys of ALERTS.md section 8 are in the main
 * README's, and no table names a key that no engine knows or a default that is not the defined one.
 */
class ConfigurationDocsTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  /** One documented key: its default cell (the part of it that belongs to this key) and where it is. */
  record DocumentedKey(String key, String defaultCell, String row) {}

  /**
   * The keys of every table whose header starts with "| Key |": the first cell's backticked keys,
   * where {@code .suffix} continues the previous key's prefix ({@code `cross-sell.max-gap` / `.cooldown`});
   * the default cell is split on " / " when it has one part per key. Placeholders ({@code <...>}) are skipped.
   */
  static Map<String, DocumentedKey> table(String file) {
    Map<String, DocumentedKey> keys = new LinkedHashMap<>();
    boolean inTable = false;
    int defaultColumn = -1;
    for (String line : Repo.read(file).split("\n")) {
      if (line.startsWith("| Key |")) {
        inTable = true;
        List<String> header = cells(line);
        defaultColumn = header.indexOf("Default");
        continue;
      }
      if (!line.startsWith("|")) {
        inTable = false;
        continue;
      }
      if (!inTable || line.startsWith("|---")) {
        continue;
      }
      List<String> cells = cells(line);
      List<String> rowKeys = new ArrayList<>();
      String prefix = null;
      Matcher m = CODE.matcher(cells.get(0));
      while (m.find()) {
        String key = m.group(1);
        if (key.contains("<")) {
          continue;
        }
        if (key.startsWith(".") && prefix != null) {
          key = prefix + key;
        } else {
          prefix = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        }
        rowKeys.add(key);
      }
      String[] defaults = cells.get(defaultColumn).split(" / ");
      for (int i = 0; i < rowKeys.size(); i++) {
        String cell = defaults.length == rowKeys.size() ? defaults[i] : cells.get(defaultColumn);
        keys.put(rowKeys.get(i), new DocumentedKey(rowKeys.get(i), cell.strip(), file + ": " + line));
      }
    }
    return keys;
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }

  /** Every problem of {@code documented} against {@code required} (must be there) and {@code known}. */
  private static List<String> problems(Map<String, DocumentedKey> documented, List<Setting<?>> required,
      List<Setting<?>> defined, Predicate<String> known) {
    List<String> problems = new ArrayList<>();
    for (Setting<?> setting : required) {
      if (!documented.containsKey(setting.key())) {
        problems.add("not documented: " + setting.key() + (setting.hasDefault() ? " (default " + setting.defaultText()
            + ")" : ""));
      }
    }
    for (DocumentedKey doc : documented.values()) {
      if (!known.test(doc.key())) {
        problems.add("documented but not a setting: " + doc.key() + " in " + doc.row());
        continue;
      }
      defined.stream().filter(s -> s.key().equals(doc.key()) && s.hasDefault()).findFirst().ifPresent(setting -> {
        if (!doc.defaultCell().equals("`" + setting.defaultText() + "`")) {
          problems.add(doc.key() + ": documented default " + doc.defaultCell() + ", defined `"
              + setting.defaultText() + "`");
        }
      });
    }
    return problems;
  }

  @Test
  void theStreamsAppTableListsEveryStreamsAppSettingWithItsDefault() {
    // The streams-app also accepts the Flink job's run-time keys (one --config for both); its table lists its own.
    List<Setting<?>> own = StreamsAppConfig.settings().stream().filter(s -> s.engine() != Engine.FLINK).toList();
    assertThat(problems(table("streams-app/README.md"), own, StreamsAppConfig.settings(), StreamsAppConfig::knows))
        .isEmpty();
  }

  @Test
  void theFlinkJobTableListsEveryFlinkJobSettingWithItsDefault() {
    List<Setting<?>> own = JobConfig.settings().stream().filter(s -> s.engine() != Engine.STREAMS).toList();
    assertThat(problems(table("flink-jobs/README.md"), own, JobConfig.settings(), JobConfig::knows)).isEmpty();
  }

  @Test
  void theMainTableListsEverySection8KeyAndOnlyKnownKeysWithTheirDefaults() {
    List<Setting<?>> defined = new ArrayList<>(StreamsAppConfig.settings());
    defined.addAll(JobConfig.settings());
    assertThat(problems(table("README.md"), RuleCatalog.runtimeSettings(), defined,
        key -> StreamsAppConfig.knows(key) || JobConfig.knows(key))).isEmpty();
  }

  @Test
  void theParserReadsShorthandRows() {
    Map<String, DocumentedKey> keys = table("README.md");
    assertThat(keys).containsKeys("cross-sell.max-gap", "cross-sell.cooldown", "bootstrap.servers");
    assertThat(keys.get("cross-sell.cooldown").defaultCell()).isEqualTo("`PT5M`");
  }
}
