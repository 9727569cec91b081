package io.cartpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
