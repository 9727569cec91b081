package io.cartpulse.streams.http;

/** Answers the GET requests of one path (or, for a path ending in '/', of everything under it). */
@FunctionalInterface
public interface Route {
  /** The answer; an exception becomes a 500 (logged), so a route only catches what it can explain. */
  Response handle(Request request) throws Exception;
}
