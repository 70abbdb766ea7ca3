package io.cairn.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Content codecs a CID can name. A CID may carry a code missing here; {@link Cid#codec()} is the
 * raw code and {@link #forCode} says whether the node knows it.
 */
public enum Multicodec {
  RAW("raw", 0x55),
  DAG_PB("dag-pb", 0x70),
  DAG_CBOR("dag-cbor", 0x71),
  DAG_JSON("dag-json", 0x0129),
  LIBP2P_KEY("libp2p-key", 0x72),
  JSON("json", 0x0200),
  CBOR("cbor", 0x51),
  IDENTITY("identity", 0x00),
  FIL_COMMITMENT_UNSEALED("fil-commitment-unsealed", 0xf101),
  FIL_COMMITMENT_SEALED("fil-commitment-sealed", 0xf102);

  private final String codecName;
  private final long code;

  Multicodec(String codecName, long code) {
    this.codecName = codecName;
    this.code = code;
  }

  /** The multicodec table's name, such as {@code dag-pb}. */
  public String codecName() {
    return codecName;
  }

  public long code() {
    return code;
  }

  public static Optional<Multicodec> forCode(long code) {
    for (Multicodec c : values()) {
      if (c.code == code) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The name of a code, or {@code 0x..} when the node does not know it. */
  public static String nameOf(long code) {
    return forCode(code).map(Multicodec::codecName).orElse("0x" + Long.toHexString(code));
  }

  /**
   * Looks a codec up by its multicodec name; also accepts the Kubo aliases {@code protobuf} and
   * {@code cbor}.
   */
  public static Multicodec forName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("protobuf")) {
      return DAG_PB;
    }
    for (Multicodec c : values()) {
      if (c.codecName.equals(n)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown codec '"
            + name
            + "'; known: "
            + String.join(", ", Arrays.stream(values()).map(Multicodec::codecName).toList()));
  }
}
