package io.cartpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @Test
  void aLiveRowKeepsItsUnitApartFromItsNotes() {
    Report.Line line = Report.liveLine(
        "| alert latency p99 at 2,000 ev/s | 201 | 157 - 220 | 3 | ms | as above; aim < 300 ms |");

    assertThat(line).isEqualTo(new Report.Line("live", "alert latency p99 at 2,000 ev/s", "201", "157 - 220", "3",
        "ms", "as above; aim < 300 ms"));
  }

  @Test
  void headerSeparatorAndTextLinesOfLiveMdAreNotRows() {
    assertThat(Report.liveLine("| measure | median | spread | runs | unit | notes |")).isNull();
    assertThat(Report.liveLine("|---|---:|---|---:|---|---|")).isNull();
    assertThat(Report.liveLine("Live results, full mode")).isNull();
  }

  @Test
  void resultsJsonHoldsEveryRowFailedOnesWithNullNumbersAndTheLiveResultsAsJson(@TempDir Path out)
      throws IOException {
    Files.write(out.resolve(BenchContext.ROWS_FILE), List.of(
        Row.of("backtest", "streams-app \"quoted\" rows", Stats.of(1.5, 2.5, 3.0), "events/s", "a\\b").toTsv(),
        Row.failed("state", "heap per user", "out of memory").toTsv()));
    Path live = Files.createDirectories(out.resolve("live"));
    Files.writeString(live.resolve("live.json"), "[{\"measure\":\"latency\",\"median\":74}]");

    Report.load(out, true, live, null).write(out);

    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(json.get("mode").asText()).isEqualTo("quick");
    assertThat(json.get("rows")).hasSize(2);
    JsonNode first = json.get("rows").get(0);
    assertThat(first.get("measure").asText()).isEqualTo("streams-app \"quoted\" rows");
    assertThat(first.get("median").asDouble()).isEqualTo(2.5);
    assertThat(first.get("runs").asInt()).isEqualTo(3);
    assertThat(first.get("notes").asText()).isEqualTo("a\\b");
    assertThat(json.get("rows").get(1).get("median").isNull()).isTrue();
    assertThat(json.get("rows").get(1).get("notes").asText()).startsWith("FAILED");
    assertThat(json.get("live").get(0).get("median").asInt()).isEqualTo(74);
    assertThat(json.get("liveStatus").isNull()).isTrue();
  }
}
