package io.cairn.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code Datastore} section.
 *
 * @param storageMaxBytes {@code Datastore.StorageMax} in bytes ({@code "10GB"} by default; 0 for no
 *     limit): the soft limit at which automatic GC starts
 * @param storageGcWatermark {@code Datastore.StorageGCWatermark}: the percentage of the limit that
 *     triggers GC (default 90)
 * @param gcPeriod {@code Datastore.GCPeriod}: how often automatic GC runs (default 1h)
 * @param hashOnRead {@code Datastore.HashOnRead}: hash-check every block read; on unless the file
 *     says false, as blocks read here leave the node (Kubo's default is off)
 */
public record DatastoreConfig(
    long storageMaxBytes, int storageGcWatermark, Duration gcPeriod, boolean hashOnRead) {
  public static final long DEFAULT_STORAGE_MAX = 10_000_000_000L;
  public static final int DEFAULT_GC_WATERMARK = 90;
  public static final Duration DEFAULT_GC_PERIOD = Duration.ofHours(1);

  public DatastoreConfig {
    Objects.requireNonNull(gcPeriod, "gcPeriod");
    if (storageMaxBytes < 0) {
      throw new IllegalArgumentException("Datastore.StorageMax must not be negative");
    }
    if (storageGcWatermark < 0 || storageGcWatermark > 100) {
      throw new IllegalArgumentException(
          "Datastore.StorageGCWatermark must be a percentage (0-100), not " + storageGcWatermark);
    }
    if (gcPeriod.isNegative() || gcPeriod.isZero()) {
      throw new IllegalArgumentException("Datastore.GCPeriod must be longer than zero");
    }
  }

  public static DatastoreConfig defaults() {
    return new DatastoreConfig(DEFAULT_STORAGE_MAX, DEFAULT_GC_WATERMARK, DEFAULT_GC_PERIOD, true);
  }
}
