package io.cartpulse.flink.rules.churn;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the job computes CHURN_RISK ({@code churn.implementation}); both give identical alerts.
 *
 * <p>The two run different operators with different uids and state, so switching on a running
 * job drops the open windows of the one it leaves (flink-jobs/README.md says how to do it safely).
 */
public enum ChurnImplementation {
  /** FlinkCEP: {@link ChurnWindowAssigner} in front of the {@link ChurnRiskPattern} operator (the default). */
  CEP("cep"),
  /** The plain keyed function {@link ChurnRiskProcessFunction}: the same alerts at a fraction of the cost. */
  PROCESS("process");

  private final String key;

  ChurnImplementation(String key) {
    this.key = key;
  }

  /** The value of {@code churn.implementation}. */
  public String key() {
    return key;
  }

  public static Optional<ChurnImplementation> fromKey(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(implementation -> implementation.key.equals(wanted)).findFirst();
  }
}
