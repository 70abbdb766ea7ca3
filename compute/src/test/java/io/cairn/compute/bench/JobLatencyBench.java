package io.cairn.compute.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/compute}, part 2: submit to receipt for trivial jobs through a running daemon's RPC
 * API. Each job is submitted with {@code job/run} (argv differing per job, so each spec is new) and
 * {@code job/status} is polled every millisecond until it is done and has a receipt.
 *
 * <pre>
 *   JobLatencyBench API_URL MODULE_CID JOBS
 * </pre>
 */
public final class JobLatencyBench {
  private static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*(\\d+)");
  private static final Pattern STATE = Pattern.compile("\"State\"\\s*:\\s*\"([a-z]+)\"");

  private JobLatencyBench() {}

  public static void main(String[] args) throws Exception {
    String api = args[0] + "/api/v0/";
    String module = args[1];
    int jobs = Integer.parseInt(args[2]);
    HttpClient http = HttpClient.newHttpClient();
    int warmUp = Math.max(5, jobs / 10);
    double[] ms = new double[jobs];
    int[] polls = new int[jobs];
    for (int j = -warmUp; j < jobs; j++) {
      long start = System.nanoTime();
      String submitted =
          post(http, api + "job/run?arg=main&arg=" + (j + warmUp) + "&wasm=" + module);
      String id = group(ID, submitted, "job/run");
      String status = submitted;
      int n = 0;
      while (!ended(status)) {
        Thread.sleep(1);
        status = post(http, api + "job/status?arg=" + id);
        n++;
      }
      if (!status.contains("\"Status\":\"done\"") && !status.contains("\"Status\": \"done\"")) {
        throw new IllegalStateException("trivial job " + id + " did not end done: " + status);
      }
      if (j >= 0) {
        ms[j] = (System.nanoTime() - start) / 1e6;
        polls[j] = n;
      }
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "  submit to receipt, %d jobs after %d warm-up: median %.1f ms, p90 %.1f ms, min %.1f ms,"
            + " max %.1f ms, %.1f status polls per job (goal: median < 50 ms)%n",
        jobs,
        warmUp,
        ComputeBench.median(ms),
        sorted[(int) Math.ceil(0.9 * jobs) - 1],
        sorted[0],
        sorted[jobs - 1],
        Arrays.stream(polls).average().orElse(0));
  }

  private static boolean ended(String status) {
    Matcher m = STATE.matcher(status);
    return m.find()
        && !m.group(1).equals("queued")
        && !m.group(1).equals("running")
        && status.contains("\"Receipt\"");
  }

  private static String group(Pattern p, String text, String what) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("unexpected " + what + " answer: " + text);
    }
    return m.group(1);
  }

  private static String post(HttpClient http, String url) throws Exception {
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + res.body());
    }
    return res.body();
  }
}
