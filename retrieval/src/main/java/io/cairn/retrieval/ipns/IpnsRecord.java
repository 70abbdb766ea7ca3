package io.cairn.retrieval.ipns;

import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPNS record (IPFS "IPNS Record" spec): a content path published under a name, with a sequence
 * number, an end of life and a TTL, signed by the name's key. Immutable.
 *
 * <p>{@link #decode} reads a record strictly, as js {@code ipns} and boxo do: at most 10 KiB, with
 * {@code signatureV2} and the DAG-CBOR {@code data} that it signs (V1-only records are refused),
 * and any V1 protobuf fields equal to the signed ones. {@link #validate} then checks it against a
 * name and a time. {@link #create} signs a new one. The fields this class reports are always the
 * signed ones from {@code data}.
 */
public final class IpnsRecord {
  /** The largest record accepted, in bytes (the spec's 10 KiB). */
  public static final int MAX_SIZE = 10 * 1024;

  private static final byte[] V2_PREFIX = "ipns-signature:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EOL_TEXT = "EOL".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;
  private final IpnsEntry entry;
  private final IpnsData data;
  private final String value;
  private final Instant validity;

  private IpnsRecord(byte[] bytes, IpnsEntry entry, IpnsData data, String value, Instant validity) {
    this.bytes = bytes;
    this.entry = entry;
    this.data = data;
    this.value = value;
    this.validity = validity;
  }

  /**
   * Decodes a marshalled record. It is not yet validated: see {@link #validate}.
   *
   * @throws IpnsException naming the field that is missing, malformed or inconsistent
   */
  public static IpnsRecord decode(byte[] bytes) {
    if (bytes.length > MAX_SIZE) {
      throw new IpnsException(
          "IPNS record is " + bytes.length + " bytes, over the limit of " + MAX_SIZE);
    }
    byte[] copy = bytes.clone();
    IpnsEntry entry = IpnsEntry.decode(copy);
    required(entry.signatureV2(), 8);
    IpnsData data = IpnsData.decode(required(entry.data(), 9));
    IpnsV1.checkMatches(entry, data);
    String value = normalizedValue(data.value());
    Instant validity = Rfc3339.parse(ascii(data.validity(), "Validity"));
    return new IpnsRecord(copy, entry, data, value, validity);
  }

  /**
   * Signs a new record.
   *
   * @param value a content path: {@code /ipfs/<cid>[/...]} or {@code /ipns/<name>[/...]}
   * @param sequence read as an unsigned 64-bit number
   * @param eol the end of life, after which the record is no longer valid
   * @param ttl how long resolvers may cache the record
   * @param v1Compatible also write the V1 protobuf fields and signature (Kubo's default), for
   *     readers older than V2
   * @throws IllegalArgumentException if an argument is not valid, or the record would be too large
   */
  public static IpnsRecord create(
      Signer signer, String value, long sequence, Instant eol, Duration ttl, boolean v1Compatible) {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(eol, "eol");
    Objects.requireNonNull(ttl, "ttl");
    checkPath(value);
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("IPNS record TTL must not be negative, not " + ttl);
    }
    long ttlNanos;
    try {
      ttlNanos = ttl.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("IPNS record TTL " + ttl + " is too long", e);
    }
    byte[] publicKey = signer.publicKeyProtobuf();
    PeerId name = PeerId.fromPublicKey(publicKey);
    byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
    byte[] validityBytes = Rfc3339.format(eol).getBytes(StandardCharsets.US_ASCII);
    byte[] data = new IpnsData(valueBytes, validityBytes, sequence, ttlNanos).encode();
    byte[] signatureV2 = signer.sign(concat(V2_PREFIX, data));
    byte[] pubKey = name.publicKey().isPresent() ? null : publicKey;
    IpnsEntry entry =
        v1Compatible
            ? new IpnsEntry(
                valueBytes,
                signer.sign(concat(valueBytes, validityBytes, EOL_TEXT)),
                IpnsData.EOL,
                validityBytes,
                sequence,
                ttlNanos,
                pubKey,
                signatureV2,
                data)
            : new IpnsEntry(null, null, null, null, null, null, pubKey, signatureV2, data);
    byte[] encoded = entry.encode();
    if (encoded.length > MAX_SIZE) {
      throw new IllegalArgumentException(
          "IPNS record would be " + encoded.length + " bytes, over the limit of " + MAX_SIZE);
    }
    IpnsRecord record = decode(encoded);
    if (!record.signatureVerifies(publicKey)) {
      throw new IllegalArgumentException(
          "the signer's signature does not verify with its own public key " + name);
    }
    return record;
  }

  /**
   * Checks that this record is a valid record of {@code name} at {@code now}: its public key is the
   * embedded {@code pubKey}, which must be the name's, or else the key the name inlines; {@code
   * signatureV2} verifies over {@code "ipns-signature:" ‖ data}; its end of life is not before
   * {@code now}.
   *
   * @throws IpnsException naming the check that failed
   */
  public void validate(PeerId name, Instant now) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(now, "now");
    byte[] publicKey = publicKeyFor(name);
    if (!signatureVerifies(publicKey)) {
      throw new IpnsException("IPNS record's signatureV2 does not verify with the key of " + name);
    }
    if (validity.isBefore(now)) {
      throw new IpnsException("IPNS record expired at " + validity + " (now is " + now + ")");
    }
  }

  private byte[] publicKeyFor(PeerId name) {
    if (entry.pubKey() == null) {
      return name.publicKey()
          .orElseThrow(
              () ->
                  new IpnsException(
                      "IPNS record embeds no pubKey and the name "
                          + name
                          + " does not inline its public key"));
    }
    PeerId owner;
    try {
      owner = PeerId.fromPublicKey(entry.pubKey());
    } catch (IllegalArgumentException e) {
      throw new IpnsException("IPNS record's pubKey is not valid: " + e.getMessage(), e);
    }
    if (!owner.equals(name)) {
      throw new IpnsException(
          "IPNS record's pubKey belongs to " + owner + ", not to the name " + name);
    }
    return entry.pubKey();
  }

  private boolean signatureVerifies(byte[] publicKey) {
    try {
      return PeerId.verifySignature(
          publicKey, concat(V2_PREFIX, entry.data()), entry.signatureV2());
    } catch (IllegalArgumentException e) {
      throw new IpnsException("IPNS record's public key cannot verify: " + e.getMessage(), e);
    }
  }

  /**
   * Orders two records of one name so that the better sorts last: the higher sequence number
   * (unsigned) wins; with equal sequence numbers, the later end of life (js {@code ipnsSelector},
   * boxo's selector).
   */
  public static int compare(IpnsRecord a, IpnsRecord b) {
    int bySequence = Long.compareUnsigned(a.sequence(), b.sequence());
    return bySequence != 0 ? bySequence : a.validity.compareTo(b.validity);
  }

  /** The DHT key a name's records are stored under: {@code "/ipns/"} ‖ the peer ID's multihash. */
  public static byte[] routingKey(PeerId name) {
    return IpnsNames.routingKey(name);
  }

  /**
   * The name a routing key is for.
   *
   * @throws IpnsException if the key lacks the {@code /ipns/} prefix or holds a multihash that is
   *     not an identity or sha2-256 peer ID
   */
  public static PeerId nameOfRoutingKey(byte[] key) {
    return IpnsNames.nameOfRoutingKey(key);
  }

  /**
   * Parses a name: a CIDv1 with the libp2p-key codec in any multibase ({@code k51...}) or a
   * base58btc peer ID ({@code 12D3KooW...}, {@code Qm...}).
   *
   * @throws IpnsException naming the text and what is wrong with it
   */
  public static PeerId parseName(String text) {
    return IpnsNames.parse(text);
  }

  /** A name as Kubo shows it: a CIDv1 with the libp2p-key codec in base36 ({@code k51...}). */
  public static String formatName(PeerId name) {
    return IpnsNames.format(name);
  }

  /** The content path the record points to. */
  public String value() {
    return value;
  }

  /** The sequence number, an unsigned 64-bit value (see {@link Long#toUnsignedString}). */
  public long sequence() {
    return data.sequence();
  }

  /** The end of life: the record is valid until this instant. */
  public Instant validity() {
    return validity;
  }

  /** How long a resolver may cache the record. */
  public Duration ttl() {
    long nanos = data.ttl();
    return Duration.ofSeconds(
        Long.divideUnsigned(nanos, 1_000_000_000L), Long.remainderUnsigned(nanos, 1_000_000_000L));
  }

  /** Whether the record also carries the V1 protobuf fields and signature. */
  public boolean hasV1Fields() {
    return IpnsV1.present(entry);
  }

  /**
   * Whether the record carries a V1 signature or value, non-empty: Kubo's {@code name inspect}
   * calls such a record "V1+V2" even when other V1 fields are missing.
   */
  public boolean hasV1Signature() {
    return (entry.signatureV1() != null && entry.signatureV1().length > 0)
        || (entry.value() != null && entry.value().length > 0);
  }

  /** The embedded public key (libp2p protobuf), present when the name cannot inline it. */
  public Optional<byte[]> publicKey() {
    return Optional.ofNullable(entry.pubKey()).map(byte[]::clone);
  }

  /** The marshalled record. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpnsRecord r && Arrays.equals(bytes, r.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "IpnsRecord[value="
        + value
        + ", sequence="
        + Long.toUnsignedString(sequence())
        + ", validity="
        + validity
        + ", ttl="
        + ttl()
        + "]";
  }

  private static byte[] required(byte[] field, int number) {
    if (field == null || field.length == 0) {
      throw new IpnsException(
          "IPNS record has no "
              + IpnsEntry.name(number)
              + (number == 8 ? " (V1-only records are no longer accepted)" : ""));
    }
    return field;
  }

  /**
   * The value as a content path. A value that is not a path but a CID, as bytes or text, is read as
   * {@code /ipfs/<cid>} with the CID in version 1, as js {@code ipns} reads it.
   */
  private static String normalizedValue(byte[] raw) {
    String text = utf8(raw);
    if (text != null && text.startsWith("/")) {
      return text;
    }
    try {
      return "/ipfs/" + Cid.decode(raw).toV1();
    } catch (IllegalArgumentException notBinary) {
      try {
        if (text != null) {
          return "/ipfs/" + Cid.parse(text).toV1();
        }
      } catch (IllegalArgumentException notText) {
        // fall through to the error below
      }
    }
    throw new IpnsException("IPNS record's Value is not a content path starting with /");
  }

  /** Checks a value to publish: {@code /ipfs/} and a CID, or {@code /ipns/} and a name. */
  private static void checkPath(String value) {
    Objects.requireNonNull(value, "value");
    String[] segments = value.split("/", -1);
    boolean ok =
        segments.length >= 3
            && segments[0].isEmpty()
            && (segments[1].equals("ipfs") || segments[1].equals("ipns"))
            && !segments[2].isEmpty();
    if (!ok) {
      throw new IllegalArgumentException(
          "IPNS record value '"
              + value
              + "' is not a path /ipfs/<cid>[/...] or /ipns/<name>[/...]");
    }
    if (segments[1].equals("ipfs")) {
      Cid.parse(segments[2]);
    }
  }

  private static String utf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String ascii(byte[] raw, String key) {
    for (byte b : raw) {
      if (b < 0x20 || b > 0x7e) {
        throw new IpnsException("IPNS record data's " + key + " is not printable ASCII text");
      }
    }
    return new String(raw, StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
