package io.cartpulse.flink.rules.churn;

import io.cartpulse.flink.model.ChurnSignal;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Stamps each signal with its own {@link ChurnSignal#time} (the user's clock), so the CEP
 * operator orders a user's signals by arrival. A process function can only emit with the input
 * record's timestamp, hence this one-line operator; watermarks pass through unchanged. The time
 * is never behind the input record's timestamp, so a signal is never late where its event was not.
 */
public class ChurnSignalTimestamper extends AbstractStreamOperator<ChurnSignal>
    implements OneInputStreamOperator<ChurnSignal, ChurnSignal> {
  private static final long serialVersionUID = 1L;

  @Override
  public void processElement(StreamRecord<ChurnSignal> element) {
    output.collect(element.replace(element.getValue(), element.getValue().time));
  }
}
