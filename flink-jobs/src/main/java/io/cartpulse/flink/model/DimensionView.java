package io.cartpulse.flink.model;

/** A view counted towards one PV/UV curve; {@link #key} is "{day}|{dimension}", e.g. "2019-10-01|all". */
public class DimensionView {
  public String key;
  public String userId;
  public long time;

  public DimensionView() {}

  public DimensionView(String key, String userId, long time) {
    this.key = key;
    this.userId = userId;
    this.time = time;
  }

  @Override
  public String toString() {
    return "DimensionView{" + key + " " + userId + "@" + time + "}";
  }
}
