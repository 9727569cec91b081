package io.cartpulse.bench.live;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.local.generator.SyntheticShop;
import io.cartpulse.local.kafka.ClickProducer;
import io.cartpulse.local.source.Pacer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feeds the synthetic shop to clickstream at a fixed offered rate on its own thread, through
 * run-local's {@link ClickProducer} and {@link Pacer}, until stopped. Each click can be reported
 * to an observer just before it is handed to the producer (the latency probe's produce time).
 */
final class ClickFeed implements AutoCloseable {
  /** Thread name: the CPU profile counts this thread as the producer's. */
  static final String THREAD_NAME = "bench-live-feed";

  interface Observer {
    void producing(ClickEvent event, long nanoTime);
  }

  private final ClickProducer producer;
  private final SyntheticShop shop;
  private final double rate;
  private final Observer observer;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean stopped;
  private final Thread thread;

  ClickFeed(ClickProducer producer, SyntheticShop shop, double rate, Observer observer) {
    this.producer = producer;
    this.shop = shop;
    this.rate = rate;
    this.observer = observer;
    this.thread = new Thread(this::loop, THREAD_NAME);
    thread.setDaemon(true);
  }

  ClickFeed start() {
    thread.start();
    return this;
  }

  private void loop() {
    Pacer pacer = Pacer.rate(rate);
    try {
      ClickEvent event;
      while (!stopped && (event = shop.next()) != null) {
        if (!pacer.awaitNext(event.getEventTime().toEpochMilli(), () -> stopped)) {
          break;
        }
        if (observer != null) {
          observer.producing(event, System.nanoTime());
        }
        if (!producer.send(event)) {
          throw new IllegalStateException("the synthetic shop produced a click that cannot be encoded: " + event);
        }
        sent.incrementAndGet();
      }
    } catch (Exception e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Clicks handed to the producer so far. */
  long sent() {
    return sent.get();
  }

  /** Why feeding stopped on its own (a failed send or an encoding problem), or null. */
  Exception failure() {
    return failure.get() != null ? failure.get() : producer.firstError();
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join(10_000);
  }
}
