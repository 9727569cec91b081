package io.cartpulse.flink.metrics;

import io.cartpulse.avro.PvUvPoint;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.MetricGroup;

/**
 * The latest point of each PV/UV curve as two gauges, {@value #PV} and {@value #UV}, in the group
 * {@value #DIMENSION_KEY} = the dimension ({@code all} or a top-level category): the running totals
 * of the current day, for dashboards ({@code flink_taskmanager_job_task_operator_dimension_pv}).
 * The topic stays the source of the curves; this only mirrors the last step. Passes every point on
 * unchanged.
 */
public final class PvUvMeter extends RichMapFunction<PvUvPoint, PvUvPoint> {
  private static final long serialVersionUID = 1L;

  public static final String DIMENSION_KEY = "dimension";
  public static final String PV = "pv";
  public static final String UV = "uv";

  private transient Map<String, long[]> latest;

  @Override
  public void open(OpenContext openContext) {
    latest = new HashMap<>();
  }

  @Override
  public PvUvPoint map(PvUvPoint point) {
    long[] values = latest.computeIfAbsent(point.getDimension(), dimension -> {
      long[] cell = new long[2];
      MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(DIMENSION_KEY, dimension);
      group.gauge(PV, () -> cell[0]);
      group.gauge(UV, () -> cell[1]);
      return cell;
    });
    values[0] = point.getPv();
    values[1] = point.getUv();
    return point;
  }
}
