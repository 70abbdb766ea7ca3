package io.cairn.compute.gpu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a GPU's power draw while a kernel runs, with {@code nvidia-smi --query-gpu=power.draw} in
 * its looping mode (one line every {@link #PERIOD_MS} ms), and turns the samples into energy.
 * Without {@code nvidia-smi}, or when it reports no number ({@code [N/A]}), there is no
 * measurement: energy is never guessed.
 */
final class PowerSampler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PowerSampler.class);
  static final int PERIOD_MS = 20;

  /** One reading: when it arrived ({@link System#nanoTime}) and the power in watts. */
  record Sample(long nanos, double watts) {}

  private final Process process;
  private final Thread reader;
  private final List<Sample> samples = new ArrayList<>();

  private PowerSampler(Process process) {
    this.process = process;
    this.reader = process == null ? null : Thread.ofPlatform().daemon().start(this::readAll);
  }

  /**
   * Starts sampling the GPU {@code device} (an index or PCI bus id, as {@code nvidia-smi -i}
   * takes); a sampler that measures nothing if nvidia-smi will not run.
   */
  static PowerSampler start(String device) {
    return start(
        List.of(
            "nvidia-smi",
            "--query-gpu=power.draw",
            "--format=csv,noheader,nounits",
            "-i",
            device,
            "-lms",
            Integer.toString(PERIOD_MS)));
  }

  /** Starts {@code command}, which prints one power reading in watts a line. */
  static PowerSampler start(List<String> command) {
    try {
      return new PowerSampler(
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    } catch (IOException e) {
      LOG.debug("no GPU power sampling: {}", e.getMessage());
      return new PowerSampler(null);
    }
  }

  private void readAll() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
      for (String line; (line = in.readLine()) != null; ) {
        long now = System.nanoTime();
        OptionalDouble watts = parseWatts(line);
        if (watts.isPresent()) {
          synchronized (samples) {
            samples.add(new Sample(now, watts.getAsDouble()));
          }
        }
      }
    } catch (IOException e) {
      // the sampler was stopped
    }
  }

  /** The energy of the samples taken between the two {@link System#nanoTime} readings. */
  OptionalLong millijoules(long fromNanos, long toNanos) {
    synchronized (samples) {
      return energy(samples, fromNanos, toNanos);
    }
  }

  /**
   * The mean power of the samples taken in {@code [from, to]} times the time between: empty when no
   * sample fell in it.
   */
  static OptionalLong energy(List<Sample> samples, long fromNanos, long toNanos) {
    double sum = 0;
    int n = 0;
    for (Sample s : samples) {
      if (s.nanos() >= fromNanos && s.nanos() <= toNanos) {
        sum += s.watts();
        n++;
      }
    }
    if (n == 0) {
      return OptionalLong.empty();
    }
    // W × ns = nJ; 1 mJ = 1e6 nJ
    return OptionalLong.of(Math.round(sum / n * (toNanos - fromNanos) / 1e6));
  }

  /** A reading such as {@code 71.23}; empty for {@code [N/A]}, {@code [Not Supported]} or junk. */
  static OptionalDouble parseWatts(String line) {
    try {
      double w = Double.parseDouble(line.strip());
      return Double.isFinite(w) && w >= 0 ? OptionalDouble.of(w) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
