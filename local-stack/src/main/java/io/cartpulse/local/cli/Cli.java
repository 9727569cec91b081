package io.cartpulse.local.cli;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the body of a command-line main with the exit-code convention of the scripts: 0 done,
 * 1 failed (one line on stderr, the details in the log file), 2 bad usage (one line plus the
 * usage text), 130 interrupted.
 */
public final class Cli {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final String DETAILS_LOGGER = "io.cartpulse.local.details";

  private Cli() {}

  /** The work of a main; returns its exit code. */
  @FunctionalInterface
  public interface Body {
    int run() throws Exception;
  }

  /** A failure whose message is all the user needs (no stack trace on the console). */
  public static class Failure extends Exception {
    private final int exitCode;

    public Failure(String message) {
      this(message, null);
    }

    public Failure(String message, Throwable cause) {
      this(FAILED, message, cause);
    }

    public Failure(int exitCode, String message, Throwable cause) {
      super(message, cause);
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  public static int run(String name, String usage, PrintStream out, PrintStream err, Body body) {
    try {
      return body.run();
    } catch (Args.HelpRequested help) {
      out.print(usage);
      return OK;
    } catch (Args.UsageException e) {
      err.println(name + ": " + e.getMessage());
      err.print(usage);
      return USAGE;
    } catch (Failure e) {
      log().error("{}: {}", name, e.getMessage(), e);
      err.println(name + ": " + e.getMessage() + logHint());
      return e.exitCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println(name + ": interrupted");
      return 130;
    } catch (Exception | Error e) {
      log().error("{} failed", name, e);
      err.println(name + ": failed: " + describe(e) + logHint());
      return FAILED;
    }
  }

  /** The message of {@code e} and of its causes, in one line. */
  public static String describe(Throwable e) {
    StringBuilder line = new StringBuilder();
    Throwable current = e;
    int depth = 0;
    while (current != null && depth++ < 5) {
      String message = current.getMessage();
      String text = message == null || message.isBlank() ? current.getClass().getSimpleName() : message;
      if (line.indexOf(text) < 0) {
        line.append(line.length() == 0 ? "" : ": ").append(text);
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return line.toString().replace('\n', ' ');
  }

  private static String logHint() {
    String file = System.getProperty("cartpulse.log.file");
    return file == null ? "" : " (details in " + file + ")";
  }

  /**
   * The logger for failures the console already shows as one line: log4j2-cartpulse.xml sends it to
   * the log file only, with the stack trace.
   */
  public static Logger detailsLog() {
    return LoggerFactory.getLogger(DETAILS_LOGGER);
  }

  private static Logger log() {
    return detailsLog();
  }
}
