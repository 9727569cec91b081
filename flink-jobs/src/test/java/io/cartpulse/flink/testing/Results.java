package io.cartpulse.flink.testing;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.PvUvPoint;
import java.util.Collection;
import java.util.List;

/** Flink outputs in the oracle's line formats. */
public final class Results {
  private Results() {}

  public static List<String> churnLines(Collection<Alert> alerts) {
    return alerts.stream().filter(a -> a.getType() == AlertType.CHURN_RISK)
        .map(a -> ContractOracle.churnLine(a.getUserId(), a.getEventTime().toEpochMilli(),
            Long.parseLong(a.getAttributes().get("views")), Long.parseLong(a.getAttributes().get("windowStart"))))
        .sorted().toList();
  }

  public static List<String> surgeLines(Collection<Alert> alerts) {
    return alerts.stream().filter(a -> a.getType() == AlertType.TRAFFIC_SURGE)
        .map(a -> "TRAFFIC_SURGE|" + a.getEventTime().toEpochMilli() + "|" + a.getAttributes().get("views") + "|"
            + a.getAttributes().get("baseline"))
        .sorted().toList();
  }

  public static List<String> pvuvLines(Collection<PvUvPoint> points) {
    return points.stream()
        .map(p -> p.getDay() + "|" + p.getWindowEnd().toEpochMilli() + "|" + p.getDimension() + "|" + p.getPv()
            + "|" + p.getUv())
        .sorted().toList();
  }
}
