package io.cairn.node.market;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's figures on the compute market since it started: jobs it posted, claimed, ran, was
 * paid for and disputed; verifier commits and reveals; and the locality of the inputs it ran over
 * (bytes found in its own store versus fetched from peers).
 */
public final class MarketStats {
  final AtomicLong posted = new AtomicLong();
  final AtomicLong claimed = new AtomicLong();
  final AtomicLong run = new AtomicLong();
  final AtomicLong submitted = new AtomicLong();
  final AtomicLong paid = new AtomicLong();
  final AtomicLong disputed = new AtomicLong();
  final AtomicLong verifierCommits = new AtomicLong();
  final AtomicLong verifierReveals = new AtomicLong();
  final AtomicLong inputBytesLocal = new AtomicLong();
  final AtomicLong inputBytesFetched = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  volatile String lastError = "";

  /** The figures by name, as {@code market/stat}, the dashboard and metrics show them. */
  public Map<String, Object> snapshot() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Posted", posted.get());
    m.put("Claimed", claimed.get());
    m.put("Run", run.get());
    m.put("Submitted", submitted.get());
    m.put("Paid", paid.get());
    m.put("Disputed", disputed.get());
    m.put("VerifierCommits", verifierCommits.get());
    m.put("VerifierReveals", verifierReveals.get());
    m.put("InputBytesLocal", inputBytesLocal.get());
    m.put("InputBytesFetched", inputBytesFetched.get());
    m.put("Failures", failures.get());
    m.put("LastError", lastError);
    return m;
  }
}
