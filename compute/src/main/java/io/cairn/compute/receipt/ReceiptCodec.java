package io.cairn.compute.receipt;

import io.cairn.compute.JobResult;
import io.cairn.compute.Receipt;
import io.cairn.compute.SignedReceipt;
import io.cairn.compute.spec.Field;
import io.cairn.compute.spec.ResultCodec;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.Ipld;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The dag-cbor form of receipts:
 *
 * <pre>
 * { payload: { version: 2, spec: &amp;Link, result: {…}, peer: string, timeMs: int },
 *   ed25519: { key: bytes, sig: bytes }, mldsa65: { key: bytes (X.509), sig: bytes } }
 * </pre>
 */
public final class ReceiptCodec {
  static final String DOCUMENT = "receipt";

  /**
   * 2 since the signatures cover the ML-DSA-65 key too ({@link ReceiptSigning#message}); a version
   * 1 receipt cannot be told from one whose ML-DSA part someone else replaced.
   */
  private static final int VERSION = 2;

  private ReceiptCodec() {}

  public static byte[] payloadBytes(Receipt r) {
    return DagCbor.encode(payload(r));
  }

  public static byte[] toDagCbor(SignedReceipt s) {
    return DagCbor.encode(
        Ipld.map(
            Map.of(
                "payload", payload(s.receipt()),
                "ed25519", signature(s.ed25519Key(), s.ed25519Signature()),
                "mldsa65", signature(s.mlDsaKey(), s.mlDsaSignature()))));
  }

  public static SignedReceipt fromDagCbor(byte[] bytes) {
    Ipld node;
    try {
      node = DagCbor.decode(bytes);
    } catch (CodecException e) {
      throw new IllegalArgumentException(DOCUMENT + " is not valid dag-cbor: " + e.getMessage(), e);
    }
    Field root = Field.root(DOCUMENT, node).only(Set.of("payload", "ed25519", "mldsa65"));
    Field ed = root.get("ed25519").only(Set.of("key", "sig"));
    Field pq = root.get("mldsa65").only(Set.of("key", "sig"));
    return new SignedReceipt(
        payload(root.get("payload")),
        ed.get("key").bytes(),
        ed.get("sig").bytes(),
        pq.get("key").bytes(),
        pq.get("sig").bytes());
  }

  private static Ipld payload(Receipt r) {
    return Ipld.map(
        Map.of(
            "version", Ipld.of(VERSION),
            "spec", Ipld.of(r.spec()),
            "result", ResultCodec.toIpld(r.result(), false),
            "peer", Ipld.of(r.peerId()),
            "timeMs", Ipld.of(r.time().toEpochMilli())));
  }

  private static Receipt payload(Field f) {
    f.only(Set.of("version", "spec", "result", "peer", "timeMs"));
    long version = f.get("version").longValue(0, Long.MAX_VALUE);
    if (version == 1) {
      throw f.get("version")
          .invalid(
              "is 1, whose signatures do not bind the ML-DSA-65 key to the node key; this node"
                  + " reads version "
                  + VERSION);
    }
    if (version != VERSION) {
      throw f.get("version").invalid("is " + version + "; this node reads version " + VERSION);
    }
    Cid spec = f.get("spec").cid();
    JobResult result = ResultCodec.fromIpld(f.get("result"));
    String peer = f.get("peer").string();
    Instant time = Instant.ofEpochMilli(f.get("timeMs").longValue(0, Long.MAX_VALUE / 2));
    return new Receipt(spec, result, peer, time);
  }

  private static Ipld signature(byte[] key, byte[] sig) {
    return Ipld.map(Map.of("key", Ipld.of(key), "sig", Ipld.of(sig)));
  }
}
