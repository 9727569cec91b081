package io.cartpulse.bench.offline;

import io.cartpulse.bench.Bench;
import io.cartpulse.bench.BenchContext;

public final class HeavyUserSection implements Bench.Section {
  @Override
  public String name() {
    return "heavy";
  }

  @Override
  public void run(BenchContext context) throws Exception {}
}
