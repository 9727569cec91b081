package io.cartpulse.local.tools;

import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * {@code scripts/products}: asks a running streams-app (scripts/run-local, or any instance) for product
 * data (ALERTS.md section 7): {@code top} lists the best products, {@code show ID} one product's JSON
 * line. Any instance answers for any product.
 */
public final class Products {
  static final String USAGE = """
      Usage: scripts/products top [--by views|carts|purchases|revenue] [--window today|lastHour] [--limit N]
                                  [--url URL]
             scripts/products show ID [--as-of MS] [--url URL]
        Queries a running streams-app's product API (docs/ALERTS.md section 7).
        top       the products with the most views (or --by ...) today (or --window lastHour), one JSON line each
        show ID   one product's statistics, stock and related in-stock products (one JSON line)
        --as-of   epoch milliseconds (default: the clock of the product's task)
        --limit   how many (default 10)
        --url     the streams-app's HTTP endpoint (default http://127.0.0.1:7070, run-local's)
      Exit codes: 0 answered, 1 no answer (unknown product, not running, retry later), 2 bad arguments.
      """;

  private Products() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    return Cli.run("products", USAGE, out, err, () -> {
      if (argv.length == 0) {
        throw new Args.UsageException("top or show ID expected");
      }
      String command = argv[0];
      String url;
      String path;
      if (command.equals("top")) {
        Args args = Args.parse(Arrays.copyOfRange(argv, 1, argv.length), Set.of("by", "window", "limit", "url"),
            Set.of());
        url = args.get("url", "http://127.0.0.1:" + StreamsAppConfig.DEFAULT_HTTP_PORT);
        path = "/products/top?by=" + encode(args.get("by", "views")) + "&window=" + encode(args.get("window", "today"))
            + "&limit=" + args.intValue("limit", 10, 1, 1000);
      } else if (command.equals("show")) {
        if (argv.length < 2 || argv[1].startsWith("--")) {
          throw new Args.UsageException("show needs a product id");
        }
        Args args = Args.parse(Arrays.copyOfRange(argv, 2, argv.length), Set.of("as-of", "url"), Set.of());
        url = args.get("url", "http://127.0.0.1:" + StreamsAppConfig.DEFAULT_HTTP_PORT);
        path = "/products/" + encode(argv[1])
            + (args.has("as-of") ? "?asOf=" + args.longValue("as-of", 0, Long.MIN_VALUE, Long.MAX_VALUE) : "");
      } else {
        throw new Args.UsageException("unknown command '" + command + "' (top or show ID)");
      }
      HttpResponse<String> answer;
      try {
        answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
            HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path)).timeout(Duration.ofSeconds(15))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException | IllegalArgumentException e) {
        throw new Cli.Failure("no answer from " + url + " (is scripts/run-local running?): " + Cli.describe(e), e);
      }
      String body = answer.body().strip();
      if (answer.statusCode() != 200) {
        throw new Cli.Failure(answer.statusCode() + " from " + url + path + ": " + body
            + answer.headers().firstValue("Retry-After").map(s -> " (retry after " + s + " s)").orElse(""));
      }
      if (body.startsWith("[")) {
        var lines = io.cartpulse.streams.products.ProductJson.JSON.readTree(body);
        lines.forEach(line -> out.println(line.toString()));
        if (lines.isEmpty()) {
          err.println("products: no product has data in that window yet");
        }
      } else {
        out.println(body);
      }
      return Cli.OK;
    });
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
