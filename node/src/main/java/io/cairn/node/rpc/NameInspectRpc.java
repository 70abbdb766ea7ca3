package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.ipns.IpnsException;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.PeerId;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code name/inspect} with an IPNS record as the body's one file: Kubo's {@code
 * IpnsInspectResult}, {@code {Entry: {Value, ValidityType, Validity, Sequence, TTL}, PbSize,
 * SignatureType, HexDump, Validation}}. {@code Validity} is RFC 3339 with nanoseconds as Go writes
 * a time, {@code TTL} nanoseconds as Go writes a duration. With {@code verify=NAME} the record is
 * checked against that name and the time now ({@code Validation: {Valid, Reason, Name}}, the name
 * as {@code ipns-base} says, {@code k51...} by default), else {@code Validation} is null; {@code
 * dump} (default true) fills {@code HexDump} with Go's {@code hex.Dump} of the record. A record
 * that does not decode is an error naming what is wrong, as Kubo's.
 */
final class NameInspectRpc implements ApiCommand {
  private static final String FILE_ARGUMENT = "record";

  /** Go's {@code time.RFC3339Nano} for UTC times: the fraction without trailing zeros. */
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  @Override
  public String path() {
    return "name/inspect";
  }

  @Override
  public java.util.Optional<String> requiredFile() {
    return java.util.Optional.of(FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    String verify = req.option("verify").orElse(null);
    boolean dump = req.flag(true, "dump");
    Function<PeerId, String> ids = KeyOutputs.idEncoder(req);
    byte[] bytes = Bodies.readOne(req, FILE_ARGUMENT, IpnsRecord.MAX_SIZE, "an IPNS record");
    IpnsRecord record;
    try {
      record = IpnsRecord.decode(bytes);
    } catch (IpnsException e) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "not a valid IPNS record: " + e.getMessage(), e);
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("Value", record.value());
    entry.put("ValidityType", 0); // EOL, the only type there is
    entry.put("Validity", rfc3339Nano(record.validity()));
    entry.put("Sequence", new BigInteger(Long.toUnsignedString(record.sequence())));
    entry.put("TTL", ttlNanos(record));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Entry", entry);
    out.put("PbSize", bytes.length);
    out.put("SignatureType", record.hasV1Signature() ? "V1+V2" : "V2");
    out.put("HexDump", dump ? GoHexDump.dump(bytes) : "");
    out.put("Validation", verify == null ? null : validation(record, verify, ids));
    res.emitOnce(out);
  }

  /** Kubo's {@code IpnsInspectValidation}: whether the record is valid for {@code name} now. */
  private static Map<String, Object> validation(
      IpnsRecord record, String name, Function<PeerId, String> ids) {
    String text = name.strip();
    PeerId peer;
    try {
      peer = IpnsRecord.parseName(text.startsWith("/ipns/") ? text.substring(6) : text);
    } catch (IpnsException | IllegalArgumentException e) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "invalid --verify name: " + e.getMessage(), e);
    }
    Map<String, Object> v = new LinkedHashMap<>();
    try {
      record.validate(peer, Instant.now());
      v.put("Valid", true);
      v.put("Reason", "");
    } catch (IpnsException e) {
      v.put("Valid", false);
      v.put("Reason", e.getMessage());
    }
    v.put("Name", ids.apply(peer));
    return v;
  }

  /**
   * The TTL in nanoseconds, as Go's {@code time.Duration} (capped as boxo's conversion caps it).
   */
  private static long ttlNanos(IpnsRecord record) {
    try {
      return record.ttl().toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Go's {@code time.RFC3339Nano} of a UTC time: {@code 2024-05-01T10:00:00.5Z}. */
  static String rfc3339Nano(Instant t) {
    int nanos = t.getNano();
    String fraction = nanos == 0 ? "" : "." + String.format("%09d", nanos).replaceAll("0+$", "");
    return SECONDS.format(t) + fraction + "Z";
  }
}
