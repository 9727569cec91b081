package io.cartpulse.dashboard.view;

/**
 * One product an offer attaches to its alert (ALERTS.md section 7's related entry: the product,
 * its pair score, its stock; {@code available} null when unknown).
 */
public record OfferedProduct(String productId, long score, Integer available) {}
