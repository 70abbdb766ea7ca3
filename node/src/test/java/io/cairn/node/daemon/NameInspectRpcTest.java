package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.PeerId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's {@code name/inspect} on the wire: its result's shape, {@code verify} and errors. */
class NameInspectRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VALUE = "/ipfs/bafkqaaa";

  @TempDir Path dir;
  private Daemon daemon;

  @BeforeEach
  void start() {
    daemon = RpcWireTest.quietDaemon(dir);
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private static IpnsRecord record(Instant eol, boolean v1) {
    return IpnsTestRecords.record((byte) 3, VALUE, 42, eol, v1);
  }

  private RawHttp inspect(String query, byte[] record) throws IOException {
    return RawHttp.apiUpload(daemon, "name/inspect" + query, "record", record);
  }

  private JsonNode ok(String query, byte[] record) throws IOException {
    RawHttp r = inspect(query, record);
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void answersInKubosShape() throws IOException {
    IpnsRecord r = record(Instant.parse("2100-01-02T03:04:05.250Z"), true);
    JsonNode out = ok("", r.bytes());
    assertThat(out.get("Entry").toString())
        .isEqualTo(
            "{\"Value\":\"/ipfs/bafkqaaa\",\"ValidityType\":0,"
                + "\"Validity\":\"2100-01-02T03:04:05.25Z\",\"Sequence\":42,\"TTL\":300000000000}");
    assertThat(out.get("PbSize").asInt()).isEqualTo(r.bytes().length);
    assertThat(out.get("SignatureType").asText()).isEqualTo("V1+V2");
    assertThat(out.get("HexDump").asText()).startsWith("00000000  0a ").endsWith("|\n");
    assertThat(out.get("Validation").isNull()).isTrue();
    assertThat(out.fieldNames())
        .toIterable()
        .containsExactly("Entry", "PbSize", "SignatureType", "HexDump", "Validation");

    JsonNode v2 = ok("?dump=false", record(Instant.parse("2100-01-01T00:00:00Z"), false).bytes());
    assertThat(v2.get("SignatureType").asText()).isEqualTo("V2");
    assertThat(v2.get("HexDump").asText()).isEmpty();
    assertThat(v2.at("/Entry/Validity").asText()).isEqualTo("2100-01-01T00:00:00Z");
  }

  @Test
  void verifyChecksTheRecordAgainstAName() throws IOException {
    PeerId owner = IpnsTestRecords.key((byte) 3).peerId();
    PeerId other = IpnsTestRecords.key((byte) 4).peerId();
    byte[] fresh = record(Instant.now().plus(Duration.ofHours(1)), true).bytes();

    assertThat(ok("?verify=" + owner, fresh).get("Validation").toString())
        .isEqualTo("{\"Valid\":true,\"Reason\":\"\",\"Name\":\"" + owner.toBase36() + "\"}");
    assertThat(
            ok("?verify=/ipns/" + owner.toBase36() + "&ipns-base=b58mh", fresh)
                .at("/Validation/Name")
                .asText())
        .isEqualTo(owner.toString());
    JsonNode wrong = ok("?verify=" + other.toBase36(), fresh).get("Validation");
    assertThat(wrong.get("Valid").asBoolean()).isFalse();
    assertThat(wrong.get("Reason").asText()).contains("does not verify with the key of " + other);
    assertThat(wrong.get("Name").asText()).isEqualTo(other.toBase36());

    byte[] expired = record(Instant.parse("2001-01-01T00:00:00Z"), true).bytes();
    assertThat(ok("?verify=" + owner, expired).at("/Validation/Reason").asText())
        .startsWith("IPNS record expired at 2001-01-01T00:00:00Z");
  }

  @Test
  void malformedRecordsAndNamesAreClearErrors() throws IOException {
    RawHttp junk = inspect("", "not a record".getBytes());
    assertThat(junk.status()).isEqualTo(500);
    assertThat(JSON.readTree(junk.body()).get("Message").asText())
        .startsWith("not a valid IPNS record: ");
    RawHttp badName = inspect("?verify=nope", record(Instant.now(), true).bytes());
    assertThat(JSON.readTree(badName.body()).get("Message").asText())
        .startsWith("invalid --verify name: ");
    RawHttp large = inspect("", new byte[IpnsRecord.MAX_SIZE + 1]);
    assertThat(large.status()).isEqualTo(400);
    assertThat(JSON.readTree(large.body()).get("Message").asText())
        .isEqualTo("record is over the 10240 bytes an IPNS record may have");
    RawHttp none = RawHttp.api(daemon, "name/inspect");
    assertThat(none.status()).isEqualTo(400);
    assertThat(JSON.readTree(none.body()).get("Message").asText())
        .isEqualTo("file argument 'record' is required");
  }
}
