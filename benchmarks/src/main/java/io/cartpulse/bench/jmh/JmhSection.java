package io.cartpulse.bench.jmh;

import io.cartpulse.bench.Bench;
import io.cartpulse.bench.BenchContext;

public final class JmhSection implements Bench.Section {
  @Override
  public String name() {
    return "jmh";
  }

  @Override
  public void run(BenchContext context) throws Exception {}
}
