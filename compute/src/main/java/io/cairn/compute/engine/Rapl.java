package io.cairn.compute.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CPU's energy counters from Linux RAPL ({@code /sys/class/powercap/intel-rapl:N/energy_uj},
 * one per package; AMD's kernels name them the same). A job's energy is the counters' rise from its
 * start to its end, over every package and for all the work the packages did meanwhile. A counter
 * wraps at its {@code max_energy_range_uj}. A zone that cannot be read (no RAPL, a kernel that
 * keeps the counters to root, a value that does not parse) makes the whole reading absent: "not
 * measured", never a guess.
 */
final class Rapl {
  /** Packages only: {@code intel-rapl:0}, not its sub-zones ({@code intel-rapl:0:0}). */
  private static final Pattern PACKAGE = Pattern.compile("intel-rapl:\\d+");

  private final Path powercap;

  Rapl(Path powercap) {
    this.powercap = powercap;
  }

  static Rapl system() {
    return new Rapl(Path.of("/sys/class/powercap"));
  }

  /** The counters of every package at one moment, in microjoules. */
  record Reading(List<Zone> zones) {
    Reading {
      zones = List.copyOf(zones);
    }
  }

  /** One package's counter and the value it wraps at. */
  record Zone(Path dir, long energyUj, long maxRangeUj) {}

  /** Reads every package's counter; empty when there is none or one cannot be read. */
  Optional<Reading> read() {
    if (!Files.isDirectory(powercap)) {
      return Optional.empty();
    }
    List<Zone> zones = new ArrayList<>();
    try (Stream<Path> entries = Files.list(powercap)) {
      for (Path dir :
          entries
              .filter(p -> PACKAGE.matcher(p.getFileName().toString()).matches())
              .sorted()
              .toList()) {
        zones.add(
            new Zone(
                dir, number(dir.resolve("energy_uj")), number(dir.resolve("max_energy_range_uj"))));
      }
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return zones.isEmpty() ? Optional.empty() : Optional.of(new Reading(zones));
  }

  /** The energy used since {@code before}, in millijoules; empty when it cannot be told. */
  OptionalLong millijoulesSince(Optional<Reading> before) {
    if (before.isEmpty()) {
      return OptionalLong.empty();
    }
    return millijoules(before.get(), read());
  }

  /** The rise from one reading to the next, each counter's wrap undone, in millijoules. */
  static OptionalLong millijoules(Reading before, Optional<Reading> after) {
    if (after.isEmpty() || after.get().zones().size() != before.zones().size()) {
      return OptionalLong.empty();
    }
    long uj = 0;
    for (int i = 0; i < before.zones().size(); i++) {
      Zone a = before.zones().get(i);
      Zone b = after.get().zones().get(i);
      if (!a.dir().equals(b.dir())) {
        return OptionalLong.empty();
      }
      long rise = b.energyUj() - a.energyUj();
      if (rise < 0) {
        if (b.maxRangeUj() <= 0) {
          return OptionalLong.empty();
        }
        rise += b.maxRangeUj(); // the counter wrapped once (it takes minutes at full power)
      }
      uj += rise;
    }
    return OptionalLong.of(uj / 1000);
  }

  private static long number(Path file) throws IOException {
    long v = Long.parseLong(Files.readString(file).strip());
    if (v < 0) {
      throw new NumberFormatException(file + " holds a negative number");
    }
    return v;
  }
}
