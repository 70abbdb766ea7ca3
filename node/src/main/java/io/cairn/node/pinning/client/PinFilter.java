package io.cairn.node.pinning.client;

import io.cairn.storage.Cid;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which pins {@code pin remote ls} and {@code rm} ask a service for: the spec's {@code cid}, {@code
 * name} (exact match, as Kubo sends it) and {@code status} query parameters.
 *
 * @param cids pins of any of these CIDs; all when empty
 * @param name pins of exactly this name; any when empty
 * @param statuses pins in any of these statuses (Kubo's default: pinned only)
 */
public record PinFilter(List<Cid> cids, String name, List<RemotePin.Status> statuses) {
  /** Kubo's limit on pin names, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  /** The spec's limit on CIDs in one query. */
  public static final int MAX_CIDS = 10;

  public PinFilter {
    cids = List.copyOf(cids);
    Objects.requireNonNull(name, "name");
    statuses = List.copyOf(statuses);
    checkName(name);
    if (cids.size() > MAX_CIDS) {
      throw new IllegalArgumentException(
          "at most " + MAX_CIDS + " CIDs can be given at once (the Pinning Service API's limit)");
    }
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("at least one status must be given");
    }
  }

  /**
   * Kubo's check of a pin name.
   *
   * @throws IllegalArgumentException with Kubo's message when it is longer than 255 bytes
   */
  public static void checkName(String name) {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "pin name is " + bytes + " bytes (max " + MAX_NAME_BYTES + " bytes)");
    }
  }

  /** The query parameters, without {@code limit} and {@code before}. */
  String query() {
    StringBuilder q = new StringBuilder();
    if (!cids.isEmpty()) {
      q.append("&cid=").append(cids.stream().map(Cid::toString).collect(Collectors.joining(",")));
    }
    if (!name.isEmpty()) {
      q.append("&name=").append(URLEncoder.encode(name, StandardCharsets.UTF_8));
    }
    q.append("&status=")
        .append(statuses.stream().map(RemotePin.Status::label).collect(Collectors.joining(",")));
    return q.toString();
  }
}
