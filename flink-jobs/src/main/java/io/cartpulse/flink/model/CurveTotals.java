package io.cartpulse.flink.model;

/** A PV/UV curve's running totals over the minutes already emitted, and the next step end due. */
public class CurveTotals {
  public long pv;
  public long uv;
  /** The next step end m with a timer, or 0 when none is scheduled yet. */
  public long nextStep;

  public CurveTotals() {}
}
