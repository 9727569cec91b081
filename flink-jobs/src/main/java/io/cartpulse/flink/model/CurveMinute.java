package io.cartpulse.flink.model;

/** What one minute adds to a PV/UV curve before its step is emitted: views and first-time users. */
public class CurveMinute {
  public long views;
  public long newUsers;

  public CurveMinute() {}
}
