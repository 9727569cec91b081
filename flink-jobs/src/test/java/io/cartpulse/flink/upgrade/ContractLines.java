package io.cartpulse.flink.upgrade;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.contract.ReferenceContract.ExpectedAlert;
import io.cartpulse.contract.ReferenceContract.ExpectedPoint;
import io.cartpulse.contract.ReferenceContract.Thresholds;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The job's outputs and the reference's ({@link ReferenceContract}) as comparable one-line strings,
 * the form the upgrade scenario spells its expectations in.
 */
final class ContractLines {
  private ContractLines() {}

  static String churnLine(String user, long eventTime, long views, long windowStart) {
    return "CHURN_RISK|" + user + "|" + eventTime + "|" + views + "|" + windowStart;
  }

  static String surgeLine(long eventTime, String views, String baseline) {
    return "TRAFFIC_SURGE|" + eventTime + "|" + views + "|" + baseline;
  }

  static String pvuvLine(String day, long windowEnd, String dimension, long pv, long uv) {
    return day + "|" + windowEnd + "|" + dimension + "|" + pv + "|" + uv;
  }

  static List<String> churn(Collection<Alert> alerts) {
    return alerts.stream().filter(a -> a.getType() == AlertType.CHURN_RISK)
        .map(a -> churnLine(a.getUserId(), a.getEventTime().toEpochMilli(),
            Long.parseLong(a.getAttributes().get("views")), Long.parseLong(a.getAttributes().get("windowStart"))))
        .sorted().toList();
  }

  static List<String> surges(Collection<Alert> alerts) {
    return alerts.stream().filter(a -> a.getType() == AlertType.TRAFFIC_SURGE)
        .map(a -> surgeLine(a.getEventTime().toEpochMilli(), a.getAttributes().get("views"),
            a.getAttributes().get("baseline")))
        .sorted().toList();
  }

  static List<String> pvuv(Collection<PvUvPoint> points) {
    return points.stream()
        .map(p -> pvuvLine(p.getDay(), p.getWindowEnd().toEpochMilli(), p.getDimension(), p.getPv(), p.getUv()))
        .sorted().toList();
  }

  /** The reference's results for {@code events} with the scenario's churn settings. */
  static ReferenceContract.Result reference(List<ClickEvent> events, long churnWindowMs, int churnMinViews) {
    return ReferenceContract.run(events, Thresholds.CONTRACT.withChurn(Duration.ofMillis(churnWindowMs),
        churnMinViews));
  }

  static List<String> churn(ReferenceContract.Result result) {
    return result.alerts(AlertType.CHURN_RISK).stream()
        .map(a -> churnLine(a.userId(), a.eventTime(), Long.parseLong(a.attributes().get("views")),
            Long.parseLong(a.attributes().get("windowStart"))))
        .sorted().toList();
  }

  static List<String> surges(ReferenceContract.Result result) {
    return result.alerts(AlertType.TRAFFIC_SURGE).stream()
        .map(a -> surgeLine(a.eventTime(), a.attributes().get("views"), a.attributes().get("baseline")))
        .sorted().toList();
  }

  static List<String> pvuv(ReferenceContract.Result result) {
    return result.pvuv().stream()
        .map((ExpectedPoint p) -> pvuvLine(p.day(), p.windowEnd(), p.dimension(), p.pv(), p.uv()))
        .sorted().toList();
  }

  static long tEnd(List<ClickEvent> events) {
    return events.stream().mapToLong(e -> e.getEventTime().toEpochMilli()).max().orElse(Long.MIN_VALUE);
  }

  static Path resource(String name) {
    try {
      return Path.of(ContractLines.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  static List<String> alertsOf(List<ExpectedAlert> alerts) {
    return alerts.stream().map(ExpectedAlert::jsonLine).toList();
  }
}
