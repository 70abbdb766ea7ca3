package io.cairn.node.pinning.client;

import io.cairn.storage.Cid;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A pin request as a remote pinning service reports it (the spec's {@code PinStatus}): what the
 * client needs of it.
 *
 * @param requestId {@code requestid}
 * @param status {@code status}
 * @param created {@code created}, the cursor of the next page when listing
 * @param cid {@code pin.cid}
 * @param name {@code pin.name}; empty when the pin has none
 * @param delegates {@code delegates}: multiaddrs of the service's nodes that fetch the DAG
 */
public record RemotePin(
    String requestId,
    Status status,
    Instant created,
    Cid cid,
    String name,
    List<String> delegates) {

  /** The spec's pin statuses, in Kubo's order. */
  public enum Status {
    QUEUED,
    PINNING,
    PINNED,
    FAILED;

    /** As the spec writes it: {@code queued}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A status as the spec writes it.
     *
     * @throws IllegalArgumentException with Kubo's message for anything else
     */
    public static Status parse(String text) {
      for (Status s : values()) {
        if (s.label().equals(text)) {
          return s;
        }
      }
      throw new IllegalArgumentException("status \"" + text + "\" is not valid");
    }
  }

  public RemotePin {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(name, "name");
    delegates = List.copyOf(delegates);
  }
}
