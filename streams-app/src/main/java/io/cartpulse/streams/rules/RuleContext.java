package io.cartpulse.streams.rules;

import io.cartpulse.avro.Alert;
import io.cartpulse.settings.SettingsInForce;

/** What a rule may ask of the processor while it handles one user's event or due time. */
public interface RuleContext {

  String userId();

  /** The task's clock (ALERTS.md section 2): the largest event time seen, or later with wall-clock advance. */
  long clock();

  /** Wall-clock time of this processing step: every alert's {@code detectedAt}. */
  long detectedAt();

  /** The run-time settings in force at {@code eventTime} (ALERTS.md section 8). */
  SettingsInForce settingsAt(long eventTime);

  void emit(Alert alert);

  /** Calls {@link ShopperRule#onDue} for this user once the clock reaches {@code due}. */
  void wakeAt(long due, String item);

  /** Withdraws a {@link #wakeAt} with the same arguments. */
  void cancelWake(long due, String item);
}
