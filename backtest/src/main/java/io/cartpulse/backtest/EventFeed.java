package io.cartpulse.backtest;

import io.cartpulse.avro.ClickEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands events from the thread that reads the CSV to the engine that consumes them as an
 * {@link Iterator}, in batches through a bounded queue: the backtest never holds the whole file
 * in memory, and reading overlaps with processing.
 *
 * <p>The producer calls {@link #put} then {@link #end} (or {@link #fail}); the consumer iterates.
 * If the consumer gives up ({@link #abandon}), {@code put} stops blocking and discards.
 */
final class EventFeed {
  private static final int BATCH = 1024;
  private static final List<ClickEvent> END = java.util.Collections.unmodifiableList(new ArrayList<>(0));

  private final BlockingQueue<List<ClickEvent>> queue = new ArrayBlockingQueue<>(64);
  private List<ClickEvent> batch = new ArrayList<>(BATCH);
  private volatile boolean abandoned;
  private volatile Throwable failure;

  void put(ClickEvent event) throws InterruptedException {
    batch.add(event);
    if (batch.size() == BATCH) {
      offer(batch);
      batch = new ArrayList<>(BATCH);
    }
  }

  /** No more events: the iterator ends after the ones already put. */
  void end() throws InterruptedException {
    if (!batch.isEmpty()) {
      offer(batch);
      batch = new ArrayList<>(0);
    }
    offer(END);
  }

  /** Reading failed: the iterator throws instead of ending. */
  void fail(Throwable cause) throws InterruptedException {
    failure = cause;
    batch = new ArrayList<>(0);
    offer(END);
  }

  /** The consumer stopped; later puts are discarded instead of blocking. */
  void abandon() {
    abandoned = true;
    queue.clear();
  }

  private void offer(List<ClickEvent> events) throws InterruptedException {
    while (!abandoned) {
      if (queue.offer(events, 100, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  Iterator<ClickEvent> iterator() {
    return new Iterator<>() {
      private List<ClickEvent> current = List.of();
      private int index;
      private boolean ended;

      @Override
      public boolean hasNext() {
        while (!ended && index >= current.size()) {
          try {
            current = queue.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next events", e);
          }
          index = 0;
          if (current == END) {
            ended = true;
            if (failure != null) {
              throw new IllegalStateException("reading the events failed: " + failure.getMessage(), failure);
            }
          }
        }
        return !ended;
      }

      @Override
      public ClickEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.get(index++);
      }
    };
  }
}
