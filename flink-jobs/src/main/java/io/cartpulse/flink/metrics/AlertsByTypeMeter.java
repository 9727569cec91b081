package io.cartpulse.flink.metrics;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Counts the alerts on their way to the sink, by type: counter {@value #COUNTER} in the group
 * {@value #TYPE_KEY} = the type, so the Prometheus reporter exports
 * {@code flink_taskmanager_job_task_operator_alert_type_alertsEmitted{alert_type="CHURN_RISK",...}}.
 * Passes every alert on unchanged; the rules know nothing about metrics.
 */
public final class AlertsByTypeMeter extends RichMapFunction<Alert, Alert> {
  private static final long serialVersionUID = 1L;

  public static final String TYPE_KEY = "alert_type";
  public static final String COUNTER = "alertsEmitted";

  private transient Map<AlertType, Counter> counters;

  @Override
  public void open(OpenContext openContext) {
    counters = new EnumMap<>(AlertType.class);
  }

  @Override
  public Alert map(Alert alert) {
    counters.computeIfAbsent(alert.getType(),
        type -> getRuntimeContext().getMetricGroup().addGroup(TYPE_KEY, type.name()).counter(COUNTER)).inc();
    return alert;
  }
}
