package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Protobuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpnsRecordTest {
  private static final String PATH =
      "/ipfs/bafkreidgvpkjawlxz6sffxzwgooowe5yt7i6wsyg236mfoks77nywkptdq";
  private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
  private static final Instant EOL = Instant.parse("2025-06-02T03:04:05.123456789Z");
  private static final Duration TTL = Duration.ofMinutes(5);

  private final Signer alice = TestSigners.ed25519(1);
  private final PeerId aliceName = PeerId.fromPublicKey(alice.publicKeyProtobuf());

  private IpnsRecord record(long sequence, Instant eol, boolean v1) {
    return IpnsRecord.create(alice, PATH, sequence, eol, TTL, v1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A V1+V2 record of alice with envelope field {@code field} (1 to 9) set to {@code v}. */
  private byte[] changed(int field, Object v) {
    IpnsEntry x = IpnsEntry.decode(record(7, EOL, true).bytes());
    Object[] f = {
      null,
      x.value(),
      x.signatureV1(),
      x.validityType(),
      x.validity(),
      x.sequence(),
      x.ttl(),
      x.pubKey(),
      x.signatureV2(),
      x.data()
    };
    f[field] = v;
    return IpnsEntry.fromFields(f).encode();
  }

  /** A V2-only record of alice whose signed data is {@code data}, as given. */
  private byte[] signedData(Map<String, Ipld> data) {
    byte[] cbor = DagCbor.encode(new Ipld.Map(data));
    return signedData(cbor);
  }

  private byte[] signedData(byte[] cbor) {
    byte[] sig = alice.sign(IpnsRecord.concat(utf8("ipns-signature:"), cbor));
    return new IpnsEntry(null, null, null, null, null, null, null, sig, cbor).encode();
  }

  private static Map<String, Ipld> goodData() {
    Map<String, Ipld> m = new LinkedHashMap<>();
    m.put("Value", Ipld.of(utf8(PATH)));
    m.put("Validity", Ipld.of(utf8("2025-06-02T00:00:00Z")));
    m.put("ValidityType", Ipld.of(0));
    m.put("Sequence", Ipld.of(3));
    m.put("TTL", Ipld.of(1_000_000_000L));
    return m;
  }

  private static void assertRefused(byte[] bytes, String message) {
    assertThatThrownBy(() -> IpnsRecord.decode(bytes))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining(message);
  }

  @Test
  void v1CompatibleRecordRoundTrips() {
    IpnsRecord r = record(7, EOL, true);
    IpnsRecord back = IpnsRecord.decode(r.bytes());

    assertThat(back).isEqualTo(r);
    assertThat(back.value()).isEqualTo(PATH);
    assertThat(back.sequence()).isEqualTo(7);
    assertThat(back.validity()).isEqualTo(EOL);
    assertThat(back.ttl()).isEqualTo(TTL);
    assertThat(back.hasV1Fields()).isTrue();
    assertThat(back.publicKey()).isEmpty();
    back.validate(aliceName, NOW);

    IpnsEntry e = IpnsEntry.decode(r.bytes());
    assertThat(e.validityType()).isZero();
    assertThat(new String(e.validity(), StandardCharsets.US_ASCII))
        .isEqualTo("2025-06-02T03:04:05.123456789Z");
    assertThat(
            aliceName.verify(
                IpnsRecord.concat(e.value(), e.validity(), utf8("EOL")), e.signatureV1()))
        .isTrue();
  }

  @Test
  void v2OnlyRecordCarriesOnlySignatureAndData() {
    IpnsRecord r = record(0, EOL, false);
    IpnsEntry e = IpnsEntry.decode(r.bytes());

    assertThat(r.hasV1Fields()).isFalse();
    assertThat(e.value()).isNull();
    assertThat(e.signatureV1()).isNull();
    assertThat(e.sequence()).isNull();
    assertThat(e.pubKey()).isNull();
    IpnsRecord.decode(r.bytes()).validate(aliceName, NOW);
  }

  /** Kubo's {@code name inspect} says V1+V2 when either V1 signature or value is non-empty. */
  @Test
  void aV1SignatureAloneMakesAV1PlusV2Record() {
    IpnsEntry v2 = IpnsEntry.decode(record(0, EOL, false).bytes());
    IpnsRecord sigOnly =
        IpnsRecord.decode(
            new IpnsEntry(
                    null, new byte[] {1}, null, null, null, null, null, v2.signatureV2(), v2.data())
                .encode());
    assertThat(sigOnly.hasV1Fields()).isFalse();
    assertThat(sigOnly.hasV1Signature()).isTrue();
    assertThat(record(0, EOL, true).hasV1Signature()).isTrue();
    assertThat(record(0, EOL, false).hasV1Signature()).isFalse();
  }

  @Test
  void dataIsCanonicalDagCborInTheSpecsKeyOrder() {
    byte[] data = IpnsEntry.decode(record(1, EOL, true).bytes()).data();
    Ipld.Map map = (Ipld.Map) DagCbor.decode(data);

    assertThat(map.entries().keySet())
        .containsExactly("TTL", "Value", "Sequence", "Validity", "ValidityType");
    assertThat(DagCbor.encode(map)).isEqualTo(data);
    assertThat(map.entries().get("TTL").asLong()).isEqualTo(300_000_000_000L);
  }

  @Test
  void rsaRecordEmbedsItsKeyAndValidatesAgainstItsSha256Name() {
    Signer rsa = TestSigners.rsa(5);
    PeerId name = PeerId.fromPublicKey(rsa.publicKeyProtobuf());
    IpnsRecord r = IpnsRecord.create(rsa, PATH, 2, EOL, TTL, true);

    assertThat(name.toString()).startsWith("Qm");
    assertThat(r.publicKey()).hasValue(rsa.publicKeyProtobuf());
    IpnsRecord.decode(r.bytes()).validate(name, NOW);
    assertThatThrownBy(() -> r.validate(aliceName, NOW))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("pubKey belongs to " + name);
  }

  @Test
  void refusesRecordOverTenKiB() {
    byte[] valid = record(1, EOL, false).bytes();
    byte[] big =
        IpnsRecord.concat(
            valid, new Protobuf.Writer().bytes(15, new byte[10_240 - valid.length]).toByteArray());

    assertRefused(big, "over the limit of 10240");
  }

  @Test
  void refusesRecordWithoutSignatureV2() {
    assertRefused(changed(8, null), "no signatureV2 (V1-only records are no longer accepted)");
  }

  @Test
  void refusesRecordWithoutData() {
    assertRefused(changed(9, null), "no data");
  }

  @Test
  void refusesV1FieldsThatDifferFromTheSignedData() {
    assertRefused(changed(5, 8L), "V1 field sequence does not match the signed data's Sequence");
    assertRefused(
        changed(1, utf8("/ipfs/other")), "V1 field value does not match the signed data's Value");
    assertRefused(changed(3, 1L), "V1 field validityType does not match");
    assertRefused(changed(6, null), "has value and signatureV1 but no V1 field ttl");
  }

  @Test
  void refusesEnvelopeFieldGivenTwiceOrWithTheWrongWireType() {
    byte[] valid = record(1, EOL, false).bytes();
    byte[] twice =
        IpnsRecord.concat(valid, new Protobuf.Writer().bytes(9, new byte[] {1}).toByteArray());
    byte[] wrongType =
        IpnsRecord.concat(valid, new Protobuf.Writer().bytes(5, new byte[] {1}).toByteArray());

    assertRefused(twice, "field data twice");
    assertRefused(wrongType, "field sequence has wire type 2");
  }

  @Test
  void refusesBadSignature() {
    byte[] bytes = record(1, EOL, false).bytes();
    IpnsEntry e = IpnsEntry.decode(bytes);
    byte[] sig = e.signatureV2();
    sig[10] ^= 1;
    IpnsRecord tampered =
        IpnsRecord.decode(
            new IpnsEntry(null, null, null, null, null, null, null, sig, e.data()).encode());

    assertThatThrownBy(() -> tampered.validate(aliceName, NOW))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("signatureV2 does not verify with the key of " + aliceName);
  }

  @Test
  void refusesExpiredRecordButAcceptsItsLastInstant() {
    IpnsRecord r = record(1, EOL, true);
    r.validate(aliceName, EOL);

    assertThatThrownBy(() -> r.validate(aliceName, EOL.plusNanos(1)))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("expired at 2025-06-02T03:04:05.123456789Z");
  }

  @Test
  void refusesRecordOfAnotherName() {
    IpnsRecord r = record(1, EOL, true);
    PeerId bob = PeerId.fromPublicKey(TestSigners.ed25519(2).publicKeyProtobuf());
    PeerId rsaName = PeerId.fromPublicKey(TestSigners.rsa(6).publicKeyProtobuf());

    assertThatThrownBy(() -> r.validate(bob, NOW))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("does not verify with the key of " + bob);
    assertThatThrownBy(() -> r.validate(rsaName, NOW))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("embeds no pubKey and the name " + rsaName);
  }

  @Test
  void refusesUnknownValidityType() {
    Map<String, Ipld> data = goodData();
    data.put("ValidityType", Ipld.of(1));

    assertRefused(signedData(data), "ValidityType 1: only 0 (EOL) is defined");
  }

  @Test
  void refusesDataThatIsNotTheSpecsMap() {
    Map<String, Ipld> noTtl = goodData();
    noTtl.remove("TTL");
    Map<String, Ipld> textValue = goodData();
    textValue.put("Value", Ipld.of(PATH));
    Map<String, Ipld> negative = goodData();
    negative.put("Sequence", Ipld.of(-1));
    Map<String, Ipld> badValidity = goodData();
    badValidity.put("Validity", Ipld.of(utf8("tomorrow")));

    assertRefused(signedData(new byte[] {(byte) 0xa1, 0x61}), "data is not valid DAG-CBOR");
    assertRefused(signedData(DagCbor.encode(Ipld.list())), "must be a DAG-CBOR map, not a list");
    assertRefused(signedData(noTtl), "data has no TTL key");
    assertRefused(signedData(textValue), "Value must be bytes, not a string");
    assertRefused(signedData(negative), "Sequence must be an unsigned 64-bit integer, not -1");
    assertRefused(signedData(badValidity), "validity 'tomorrow' is not an RFC 3339 timestamp");
  }

  @Test
  void readsRecordsWithExtraDataKeysAndCidValues() {
    Map<String, Ipld> data = goodData();
    data.put("Extra", Ipld.of("kept by the signer"));
    data.put("Value", Ipld.of(io.cairn.storage.Cid.parse(PATH.substring(6)).bytes()));
    IpnsRecord r = IpnsRecord.decode(signedData(data));

    assertThat(r.value()).isEqualTo(PATH);
    assertThat(r.validity()).isEqualTo(Instant.parse("2025-06-02T00:00:00Z"));
    r.validate(aliceName, NOW);
  }

  @Test
  void betterRecordSortsLast() {
    IpnsRecord low = record(1, EOL.plusSeconds(3600), true);
    IpnsRecord high = record(2, EOL, false);
    IpnsRecord highLater = record(2, EOL.plusNanos(1), true);
    IpnsRecord huge = record(-1, EOL, false); // 2^64 - 1, unsigned

    List<IpnsRecord> records = new ArrayList<>(List.of(huge, highLater, low, high));
    records.sort(IpnsRecord::compare);

    assertThat(records).containsExactly(low, high, highLater, huge);
    assertThat(IpnsRecord.compare(high, high)).isZero();
  }

  @Test
  void validityIsWrittenWithNineFractionDigitsInUtc() {
    assertThat(Rfc3339.format(Instant.parse("2025-01-02T03:04:05Z")))
        .isEqualTo("2025-01-02T03:04:05.000000000Z");
    assertThat(Rfc3339.format(Instant.parse("2025-01-02T03:04:05.000000007Z")))
        .isEqualTo("2025-01-02T03:04:05.000000007Z");
    assertThatThrownBy(() -> Rfc3339.format(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validityIsReadAsGoReadsRfc3339Nano() {
    Instant t = Instant.parse("2025-01-02T03:04:05Z");
    assertThat(Rfc3339.parse("2025-01-02T03:04:05Z")).isEqualTo(t);
    assertThat(Rfc3339.parse("2025-01-02T03:04:05.5Z")).isEqualTo(t.plusMillis(500));
    assertThat(Rfc3339.parse("2025-01-02T03:04:05.123456789Z")).isEqualTo(t.plusNanos(123456789));
    assertThat(Rfc3339.parse("2025-01-02T05:34:05+02:30")).isEqualTo(t);
    assertThat(Rfc3339.parse("2025-01-01T23:04:05.000-04:00")).isEqualTo(t);

    for (String bad :
        List.of(
            "2025-01-02 03:04:05Z",
            "2025-01-02T03:04:05",
            "2025-01-02T03:04:05.1234567890Z",
            "2025-01-02T03:04:05.Z",
            "2025-1-02T03:04:05Z",
            "2025-01-02T03:04:05+0200")) {
      assertThatThrownBy(() -> Rfc3339.parse(bad))
          .as(bad)
          .isInstanceOf(IpnsException.class)
          .hasMessageContaining("not an RFC 3339 timestamp");
    }
    assertThatThrownBy(() -> Rfc3339.parse("2025-02-30T03:04:05Z"))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("not a valid date and time");
  }

  @Test
  void routingKeyIsPrefixAndMultihash() {
    byte[] key = IpnsRecord.routingKey(aliceName);

    assertThat(new String(key, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("/ipns/");
    assertThat(IpnsRecord.nameOfRoutingKey(key)).isEqualTo(aliceName);
    byte[] sha1 = IpnsRecord.concat(utf8("/ipns/"), new byte[] {0x11, 0x14}, new byte[20]);
    assertThatThrownBy(() -> IpnsRecord.nameOfRoutingKey(sha1))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("must be identity or sha2-256, not 0x11");
    assertThatThrownBy(() -> IpnsRecord.nameOfRoutingKey(aliceName.bytes()))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("does not start with /ipns/");
  }

  @Test
  void namesAreShownInBase36AndReadInEveryForm() {
    String base36 = IpnsRecord.formatName(aliceName);

    assertThat(base36).startsWith("k51");
    assertThat(IpnsRecord.parseName(base36)).isEqualTo(aliceName);
    assertThat(IpnsRecord.parseName(aliceName.toString())).isEqualTo(aliceName);
    assertThat(IpnsRecord.parseName(aliceName.toCid().toString())).isEqualTo(aliceName);
    assertThatThrownBy(() -> IpnsRecord.parseName(PATH.substring(6)))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("not libp2p-key");
  }

  @Test
  void createRefusesWhatCannotBePublished() {
    assertThatThrownBy(() -> IpnsRecord.create(alice, "ipfs/x", 1, EOL, TTL, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a path /ipfs/<cid>");
    assertThatThrownBy(() -> IpnsRecord.create(alice, "/ipfs/notacid", 1, EOL, TTL, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IpnsRecord.create(alice, PATH, 1, EOL, Duration.ofSeconds(-1), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TTL must not be negative");
    assertThatThrownBy(
            () -> IpnsRecord.create(alice, "/ipns/" + "x".repeat(11_000), 1, EOL, TTL, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("over the limit of 10240");
    IpnsRecord ipns = IpnsRecord.create(alice, "/ipns/example.org/a", 1, EOL, TTL, false);
    assertThat(ipns.value()).isEqualTo("/ipns/example.org/a");
  }
}
