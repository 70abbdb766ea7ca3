package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.JsReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Cairn's IPNS records against the npm {@code ipns} package's, both ways, and its selector. */
@Tag("interop")
class IpnsRecordInteropIT {
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH =
      "/ipfs/bafkreidgvpkjawlxz6sffxzwgooowe5yt7i6wsyg236mfoks77nywkptdq";
  private static final Instant EOL = Instant.parse("2099-01-02T03:04:05.123456789Z");

  private final byte[] seed = new byte[32];
  private final Signer alice;
  private final PeerId aliceName;

  IpnsRecordInteropIT() {
    Arrays.fill(seed, (byte) 7);
    alice = TestSigners.ed25519(seed);
    aliceName = PeerId.fromPublicKey(alice.publicKeyProtobuf());
  }

  /** Runs ipns-records.mjs in one mode with one JSON line per input; one JSON node per output. */
  private static List<JsonNode> js(String mode, List<Map<String, Object>> inputs) throws Exception {
    StringBuilder in = new StringBuilder();
    for (Map<String, Object> input : inputs) {
      in.append(JSON.writeValueAsString(input)).append('\n');
    }
    String out =
        JsReference.run("ipns-records.mjs", in.toString().getBytes(StandardCharsets.UTF_8), mode);
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.strip().split("\n")) {
      nodes.add(JSON.readTree(line));
    }
    assertThat(nodes).hasSameSizeAs(inputs);
    return nodes;
  }

  private Map<String, Object> jsCreate(String value, long seq, boolean v1, Duration ttl) {
    return Map.of(
        "seed", HEX.formatHex(seed),
        "value", value,
        "seq", Long.toUnsignedString(seq),
        "expiration", EOL.toString(),
        "v1Compatible", v1,
        "ttlNs", Long.toString(ttl.toNanos()));
  }

  private static Map<String, Object> check(PeerId name, IpnsRecord record) {
    return check(name, record.bytes());
  }

  private static Map<String, Object> check(PeerId name, byte[] record) {
    return Map.of(
        "routingKey", HEX.formatHex(IpnsRecord.routingKey(name)), "record", HEX.formatHex(record));
  }

  @Test
  void cairnReadsJsRecordsAndWritesTheSameBytes() throws Exception {
    record Case(String value, long seq, boolean v1, Duration ttl) {}
    List<Case> cases =
        List.of(
            new Case(PATH, 5, true, Duration.ofMinutes(5)),
            new Case(PATH + "/dir/file.txt", 0, false, Duration.ofHours(1)),
            new Case("/ipns/" + IpnsRecord.formatName(aliceName), -2, false, Duration.ZERO));
    List<JsonNode> made =
        js("create", cases.stream().map(c -> jsCreate(c.value, c.seq, c.v1, c.ttl)).toList());

    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      byte[] jsBytes = HEX.parseHex(made.get(i).get("routingKey").asText());
      assertThat(IpnsRecord.nameOfRoutingKey(jsBytes)).isEqualTo(aliceName);

      IpnsRecord r = IpnsRecord.decode(HEX.parseHex(made.get(i).get("record").asText()));
      r.validate(aliceName, Instant.now());
      assertThat(r.value()).isEqualTo(c.value);
      assertThat(r.sequence()).isEqualTo(c.seq);
      assertThat(r.validity()).isEqualTo(EOL);
      assertThat(r.ttl()).isEqualTo(c.ttl);
      assertThat(r.hasV1Fields()).isEqualTo(c.v1);
      assertThat(r.publicKey()).isEmpty();
      // Ed25519 signatures are deterministic: the same inputs give the same record, byte for byte.
      assertThat(HEX.formatHex(IpnsRecord.create(alice, c.value, c.seq, EOL, c.ttl, c.v1).bytes()))
          .as("case %s", i)
          .isEqualTo(made.get(i).get("record").asText());
    }
  }

  @Test
  void jsValidatesWhatCairnWrites() throws Exception {
    Signer rsa = TestSigners.rsa(11);
    PeerId rsaName = PeerId.fromPublicKey(rsa.publicKeyProtobuf());
    IpnsRecord v1 = IpnsRecord.create(alice, PATH, 9, EOL, Duration.ofSeconds(30), true);
    IpnsRecord v2 = IpnsRecord.create(alice, PATH + "/a", -1, EOL, Duration.ofNanos(1), false);
    IpnsRecord rsaV1 = IpnsRecord.create(rsa, PATH, 3, EOL, Duration.ofMinutes(1), true);
    IpnsRecord expired =
        IpnsRecord.create(
            alice, PATH, 1, Instant.parse("2001-01-01T00:00:00Z"), Duration.ZERO, true);
    PeerId bob = PeerId.fromPublicKey(TestSigners.ed25519(8).publicKeyProtobuf());

    List<JsonNode> out =
        js(
            "check",
            List.of(
                check(aliceName, v1),
                check(aliceName, v2),
                check(rsaName, rsaV1),
                check(aliceName, expired),
                check(bob, v1)));

    List<IpnsRecord> valid = List.of(v1, v2, rsaV1);
    for (int i = 0; i < valid.size(); i++) {
      JsonNode js = out.get(i);
      IpnsRecord r = valid.get(i);
      assertThat(js.get("valid").asBoolean()).as("%s: %s", i, js.get("error")).isTrue();
      assertThat(js.get("value").asText()).isEqualTo(r.value());
      assertThat(js.get("sequence").asText()).isEqualTo(Long.toUnsignedString(r.sequence()));
      assertThat(Rfc3339.parse(js.get("validity").asText())).isEqualTo(r.validity());
      assertThat(js.get("validityType").asText()).isEqualTo("EOL");
      assertThat(js.get("ttl").asLong()).isEqualTo(r.ttl().toNanos());
      assertThat(js.get("v1").asBoolean()).isEqualTo(r.hasV1Fields());
      assertThat(js.get("pubKey").isNull()).isEqualTo(r.publicKey().isEmpty());
    }
    assertThat(out.get(2).get("pubKey").asText()).isEqualTo(HEX.formatHex(rsa.publicKeyProtobuf()));
    assertThat(out.get(3).get("valid").asBoolean()).isFalse();
    assertThat(out.get(3).get("error").asText()).contains("expired");
    assertThat(out.get(4).get("valid").asBoolean()).isFalse();
  }

  @Test
  void cairnAndJsSelectTheSameRecord() throws Exception {
    List<IpnsRecord[]> pairs =
        List.of(
            pair(1, EOL, 2, EOL.minusSeconds(3600)),
            pair(7, EOL.minusSeconds(60), 7, EOL),
            pair(7, EOL, 7, EOL.minusSeconds(60)),
            pair(-1, EOL.minusSeconds(3600), Long.MAX_VALUE, EOL),
            pair(3, EOL, 2, EOL));
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (IpnsRecord[] p : pairs) {
      inputs.add(
          Map.of(
              "routingKey",
              HEX.formatHex(IpnsRecord.routingKey(aliceName)),
              "records",
              List.of(HEX.formatHex(p[0].bytes()), HEX.formatHex(p[1].bytes()))));
    }

    List<JsonNode> out = js("select", inputs);

    for (int i = 0; i < pairs.size(); i++) {
      IpnsRecord[] p = pairs.get(i);
      int cairn = IpnsRecord.compare(p[0], p[1]) > 0 ? 0 : 1;
      assertThat(out.get(i).get("index").asInt()).as("pair %s", i).isEqualTo(cairn);
    }
  }

  private IpnsRecord[] pair(long seqA, Instant eolA, long seqB, Instant eolB) {
    Duration ttl = Duration.ofMinutes(5);
    return new IpnsRecord[] {
      IpnsRecord.create(alice, PATH, seqA, eolA, ttl, true),
      IpnsRecord.create(alice, PATH, seqB, eolB, ttl, false)
    };
  }
}
