package io.cartpulse.bench.offline;

import io.cartpulse.bench.Bench;
import io.cartpulse.bench.BenchContext;

public final class StateSection implements Bench.Section {
  @Override
  public String name() {
    return "state";
  }

  @Override
  public void run(BenchContext context) throws Exception {}
}
