package io.cartpulse.flink.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.flink.testing.ContractOracle;
import io.cartpulse.flink.testing.Fixtures;
import io.cartpulse.flink.testing.Results;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FlinkBacktestTest {

  @Test
  void rees46SampleMatchesTheContract() throws Exception {
    Path csv = Fixtures.resource(Fixtures.REES46_HEAD);
    List<ClickEvent> events = Fixtures.readValid(csv);

    FlinkBacktest.Result result = FlinkBacktest.run(csv, new Properties());

    assertThat(result.lastEventTime()).isEqualTo(ContractOracle.tEnd(events));
    assertThat(Results.pvuvLines(result.pvuv())).isEqualTo(ContractOracle.pvuv(events)).isNotEmpty();
    assertThat(Results.churnLines(result.alerts())).isEqualTo(ContractOracle.churn(events, 7 * 86_400_000L, 10));
    assertThat(Results.surgeLines(result.alerts()))
        .isEqualTo(ContractOracle.surges(events, 50, new BigDecimal("3.0"), 30, 30));
  }
}
