/**
 * The benchmark suite behind {@code scripts/bench}: JMH hot paths ({@code jmh}), backtest throughput and
 * state size ({@code offline}), live end-to-end throughput and latency through the embedded broker
 * ({@code live}). See docs/BENCHMARKS.md.
 */
package io.cartpulse.bench;
