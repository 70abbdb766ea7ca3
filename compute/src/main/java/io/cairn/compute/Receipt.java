package io.cairn.compute;

import io.cairn.compute.receipt.ReceiptCodec;
import io.cairn.storage.Cid;
import java.time.Instant;
import java.util.Objects;

/**
 * What a node states about a job it ran: this spec gave this result, on this node, at this time.
 * {@link Receipts#sign} turns it into a {@link SignedReceipt}.
 *
 * @param spec the job spec's CID
 * @param result how the job ended and what it produced
 * @param peerId the node's libp2p peer ID ({@code 12D3KooW…}), derived from its Ed25519 key
 * @param time when the job ended (milliseconds are kept)
 */
public record Receipt(Cid spec, JobResult result, String peerId, Instant time) {
  public Receipt {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(time, "time");
    time = Instant.ofEpochMilli(time.toEpochMilli());
  }

  /** The canonical dag-cbor encoding: the payload both signatures cover. */
  public byte[] toDagCbor() {
    return ReceiptCodec.payloadBytes(this);
  }
}
