package io.cairn.storage.unixfs;

import java.util.Locale;
import java.util.Objects;

/**
 * How an import splits file bytes into leaves, parsed from Kubo's {@code --chunker} strings: {@code
 * size-N}, {@code rabin}, {@code rabin-AVG}, {@code rabin-MIN-AVG-MAX} (each number may carry its
 * label, {@code rabin-min:16-avg:32-max:64}) and {@code buzhash}. Parsing accepts and rejects what
 * boxo's {@code chunker.FromString} does, with its error messages.
 *
 * @param kind the algorithm
 * @param size the chunk size of {@link Kind#FIXED}; 0 otherwise
 * @param min the smallest chunk of {@link Kind#RABIN} (the last chunk of a file may be smaller)
 * @param avg the average chunk {@link Kind#RABIN} aims at; its power of two below sets the mask
 * @param max the largest chunk of {@link Kind#RABIN}
 */
public record ChunkerSpec(Kind kind, int size, int min, int avg, int max) {
  /** The largest chunk the chunkers accept: the 2 MiB block limit less 256 bytes of framing. */
  public static final int MAX_CHUNK_SIZE = 2 * 1024 * 1024 - 256;

  /** Kubo's default chunk size (boxo {@code chunker.DefaultBlockSize}). */
  public static final int DEFAULT_SIZE = 256 * 1024;

  /** The smallest chunk boxo's buzhash chunker cuts. */
  static final int BUZHASH_MIN = 128 << 10;

  /** The largest chunk boxo's buzhash chunker cuts. */
  static final int BUZHASH_MAX = 512 << 10;

  /** The chunking algorithms. */
  public enum Kind {
    FIXED,
    RABIN,
    BUZHASH
  }

  static final String ERR_SIZE = "chunker size must be greater than 0";
  static final String ERR_SIZE_MAX =
      "chunker parameters may not exceed the maximum chunk size of " + MAX_CHUNK_SIZE;
  static final String ERR_RABIN_MIN = "rabin min must be greater than 16";

  public ChunkerSpec {
    Objects.requireNonNull(kind, "kind");
    switch (kind) {
      case FIXED -> {
        if (size <= 0) {
          throw new IllegalArgumentException(ERR_SIZE);
        }
        if (size > MAX_CHUNK_SIZE) {
          throw new IllegalArgumentException(ERR_SIZE_MAX);
        }
        if (min != 0 || avg != 0 || max != 0) {
          throw new IllegalArgumentException("a fixed-size chunker has no min, avg or max");
        }
      }
      case RABIN -> {
        if (size != 0) {
          throw new IllegalArgumentException("a rabin chunker has no fixed size");
        }
        if (min < 16) {
          throw new IllegalArgumentException(ERR_RABIN_MIN);
        }
        if (min >= avg) {
          throw new IllegalArgumentException(
              "incorrect format: rabin-min must be smaller than rabin-avg");
        }
        if (avg >= max) {
          throw new IllegalArgumentException(
              "incorrect format: rabin-avg must be smaller than rabin-max");
        }
        if (max > MAX_CHUNK_SIZE) {
          throw new IllegalArgumentException(ERR_SIZE_MAX);
        }
      }
      case BUZHASH -> {
        if (size != 0 || min != 0 || avg != 0 || max != 0) {
          throw new IllegalArgumentException("the buzhash chunker takes no parameters");
        }
      }
    }
  }

  /** Fixed-size chunks ({@code size-N}). */
  public static ChunkerSpec fixed(int size) {
    return new ChunkerSpec(Kind.FIXED, size, 0, 0, 0);
  }

  /** Rabin fingerprint chunks with explicit bounds ({@code rabin-MIN-AVG-MAX}). */
  public static ChunkerSpec rabin(int min, int avg, int max) {
    return new ChunkerSpec(Kind.RABIN, 0, min, avg, max);
  }

  /** Rabin chunks around an average, bounded as boxo bounds them: avg/3 and avg*1.5. */
  public static ChunkerSpec rabin(int avg) {
    if ((long) avg + avg / 2 > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(ERR_SIZE_MAX);
    }
    return rabin(avg / 3, avg, avg + avg / 2);
  }

  /** Boxo's buzhash chunker (128 KiB to 512 KiB chunks). */
  public static ChunkerSpec buzhash() {
    return new ChunkerSpec(Kind.BUZHASH, 0, 0, 0, 0);
  }

  /**
   * Parses a Kubo chunker string; the empty string and {@code default} mean {@code size-262144}.
   *
   * @throws IllegalArgumentException with boxo's message for the fault
   */
  public static ChunkerSpec parse(String text) {
    Objects.requireNonNull(text, "chunker");
    if (text.isEmpty() || text.equals("default")) {
      return fixed(DEFAULT_SIZE);
    }
    int dash = text.indexOf('-');
    String name = dash < 0 ? text : text.substring(0, dash);
    String[] parts = text.split("-", -1);
    return switch (name) {
      case "size" -> {
        if (parts.length != 2) {
          throw new IllegalArgumentException(
              "incorrect chunker string format (expected size-{size})");
        }
        long size = atoi(parts[1]);
        if (size <= 0) {
          throw new IllegalArgumentException(ERR_SIZE);
        }
        if (size > MAX_CHUNK_SIZE) {
          throw new IllegalArgumentException(ERR_SIZE_MAX);
        }
        yield fixed((int) size);
      }
      case "rabin" -> parseRabin(parts);
      case "buzhash" -> buzhash();
      default -> throw new IllegalArgumentException("unrecognized chunker option: " + text);
    };
  }

  private static ChunkerSpec parseRabin(String[] parts) {
    switch (parts.length) {
      case 1 -> {
        return rabin(DEFAULT_SIZE);
      }
      case 2 -> {
        long avg = atoi(parts[1]);
        if (avg * 3 / 2 > MAX_CHUNK_SIZE) {
          throw new IllegalArgumentException(ERR_SIZE_MAX);
        }
        if (avg / 3 < 16) {
          // boxo builds a chunker whose minimum is below its 16-byte window and never cuts.
          throw new IllegalArgumentException(ERR_RABIN_MIN);
        }
        return rabin((int) avg);
      }
      case 4 -> {
        long min = atoi(label(parts[1], "min", "first label must be min"));
        if (min < 16) {
          throw new IllegalArgumentException(ERR_RABIN_MIN);
        }
        long avg = atoi(label(parts[2], "avg", "second label must be avg"));
        long max = atoi(label(parts[3], "max", "final label must be max"));
        if (min >= avg) {
          throw new IllegalArgumentException(
              "incorrect format: rabin-min must be smaller than rabin-avg");
        }
        if (avg >= max) {
          throw new IllegalArgumentException(
              "incorrect format: rabin-avg must be smaller than rabin-max");
        }
        if (max > MAX_CHUNK_SIZE) {
          throw new IllegalArgumentException(ERR_SIZE_MAX);
        }
        return rabin((int) min, (int) avg, (int) max);
      }
      default ->
          throw new IllegalArgumentException(
              "incorrect format (expected 'rabin' 'rabin-[avg]' or 'rabin-[min]-[avg]-[max]'");
    }
  }

  private static String label(String part, String expected, String error) {
    String[] sub = part.split(":", -1);
    if (sub.length > 1 && !sub[0].equals(expected)) {
      throw new IllegalArgumentException(error);
    }
    return sub[sub.length - 1];
  }

  /** Go's {@code strconv.Atoi}, with its error messages. */
  private static long atoi(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      String why = s.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
      throw new IllegalArgumentException(
          "strconv.Atoi: parsing \"" + s + "\": " + why.toLowerCase(Locale.ROOT), e);
    }
  }

  /** The largest chunk this chunker produces. */
  public int maxChunkSize() {
    return switch (kind) {
      case FIXED -> size;
      case RABIN -> max;
      case BUZHASH -> BUZHASH_MAX;
    };
  }

  /** The Kubo string for this chunker, such as {@code size-262144}. */
  @Override
  public String toString() {
    return switch (kind) {
      case FIXED -> "size-" + size;
      case RABIN -> "rabin-" + min + "-" + avg + "-" + max;
      case BUZHASH -> "buzhash";
    };
  }
}
