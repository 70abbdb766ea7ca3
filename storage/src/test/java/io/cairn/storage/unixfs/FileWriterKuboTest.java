package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The {@code files write} CIDs of Kubo's {@code test/sharness/t0250-files-api.sh}: "can write to
 * offset" ({@code FILE_HASH}) and "truncate and write over that file" ({@code TRUNC_HASH}), in each
 * configuration of its {@code tests_for_files_api}.
 */
class FileWriterKuboTest {
  private final BlockStore store = BlockStores.memory();
  private final FileWriter writer = new FileWriter(store);

  /** How one configuration runs {@code files write}: its flags, and the prefix a new file gets. */
  private record Config(FileWriteOptions flags, CidPrefix inherited) {}

  // default: CIDv0, dag-pb leaves
  private static final Config DEFAULT = new Config(FileWriteOptions.defaults(), CidPrefix.V0);

  // test_files_api '' --raw-leaves: every write passes --raw-leaves
  private static final Config RAW_LEAVES =
      new Config(FileWriteOptions.defaults().withRawLeaves(true), CidPrefix.V0);

  // test_files_api --cid-version=1: mkdir and every write pass it
  private static final Config CID_V1 =
      new Config(FileWriteOptions.defaults().withCidVersion(1), CidPrefix.V0);

  // Import.CidVersion=1: no flags; a new file takes the config's prefix
  private static final Config CID_V1_ROOT =
      new Config(FileWriteOptions.defaults(), new CidPrefix(1, HashFunction.SHA2_256));

  // Import.CidVersion=1 and Import.HashFunction=blake2b-256
  private static final Config BLAKE2B_ROOT =
      new Config(FileWriteOptions.defaults(), new CidPrefix(1, HashFunction.BLAKE2B_256));

  @Test
  void writeAtOffsetGivesKubosFileHash() {
    assertThat(offsetWrite(DEFAULT)).isEqualTo("QmQdQt9qooenjeaNhiKHF3hBvmNteB4MQBtgu3jxgf9c7i");
    assertThat(offsetWrite(RAW_LEAVES))
        .isEqualTo("bafybeibkrazpbejqh3qun7xfnsl7yofl74o4jwhxebpmtrcpavebokuqtm");
    assertThat(offsetWrite(CID_V1))
        .isEqualTo("bafybeibkrazpbejqh3qun7xfnsl7yofl74o4jwhxebpmtrcpavebokuqtm");
    assertThat(offsetWrite(CID_V1_ROOT))
        .isEqualTo("bafybeibkrazpbejqh3qun7xfnsl7yofl74o4jwhxebpmtrcpavebokuqtm");
    assertThat(offsetWrite(BLAKE2B_ROOT))
        .isEqualTo("bafykbzaceca45w2i3o3q3ctqsezdv5koakz7sxsw37ygqjg4w54m2bshzevxy");
  }

  @Test
  void truncateThenWriteGivesKubosTruncHash() {
    assertThat(truncateWrite(DEFAULT)).isEqualTo("QmPVnT9gocPbqzN4G6SMp8vAPyzcjDbUJrNdKgzQquuDg4");
    assertThat(truncateWrite(RAW_LEAVES))
        .isEqualTo("bafybeigwhb3q36yrm37jv5fo2ap6r6eyohckqrxmlejrenex4xlnuxiy3e");
    assertThat(truncateWrite(CID_V1))
        .isEqualTo("bafybeigwhb3q36yrm37jv5fo2ap6r6eyohckqrxmlejrenex4xlnuxiy3e");
    assertThat(truncateWrite(CID_V1_ROOT))
        .isEqualTo("bafybeigwhb3q36yrm37jv5fo2ap6r6eyohckqrxmlejrenex4xlnuxiy3e");
    assertThat(truncateWrite(BLAKE2B_ROOT))
        .isEqualTo("bafykbzaceadeu7onzmlq7v33ytjpmo37rsqk2q6mzeqf5at55j32zxbcdbwig");
  }

  @Test
  void rawLeavesMakeTheFirstWriteARawBlockThatTheOffsetWriteTurnsIntoAFileNode() {
    // "raw-leaves: single-block files become RawNode (CIDv1)": the one-chunk file collapses to its
    // leaf; the second write grows it, and a raw leaf's prefix (CIDv1) names the new file node.
    FileWriter.Written first =
        writer.write(null, CidPrefix.V0, RAW_LEAVES.flags(), text("ipfs rocks\n"));
    assertThat(first.cid().toString())
        .isEqualTo(Cid.v1(io.cairn.storage.Multicodec.RAW, hashOf("ipfs rocks\n")).toString());
    assertThat(first.fileSize()).isEqualTo(11);
    assertThat(first.dagSize()).isEqualTo(11);
  }

  @Test
  void createdEmptyFileIsKubosEmptyFile() {
    assertThat(writer.createEmpty(CidPrefix.V0).toString())
        .isEqualTo("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    FileWriter.Written empty =
        writer.write(null, CidPrefix.V0, FileWriteOptions.defaults(), text(""));
    assertThat(empty.cid().toString()).isEqualTo("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    assertThat(empty.fileSize()).isZero();
  }

  private String offsetWrite(Config c) {
    Cid file = writer.write(null, c.inherited(), c.flags(), text("ipfs rocks\n")).cid();
    assertThat(read(file)).isEqualTo("ipfs rocks\n");
    FileWriter.Written w =
        writer.write(file, c.inherited(), c.flags().withOffset(5), text("is super cool\n"));
    assertThat(read(w.cid())).isEqualTo("ipfs is super cool\n");
    assertThat(w.fileSize()).isEqualTo(19);
    return w.cid().toString();
  }

  private String truncateWrite(Config c) {
    Cid file = writer.write(null, c.inherited(), c.flags(), text("some content\n")).cid();
    FileWriter.Written w =
        writer.write(file, c.inherited(), c.flags().withTruncate(true), text("fish\n"));
    assertThat(read(w.cid())).isEqualTo("fish\n");
    assertThat(w.fileSize()).isEqualTo(5);
    return w.cid().toString();
  }

  private static io.cairn.storage.Multihash hashOf(String s) {
    return HashFunction.SHA2_256.multihash(s.getBytes(StandardCharsets.UTF_8));
  }

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private String read(Cid file) {
    try (InputStream in = new UnixFsExporter(store).open(file, 0, -1)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
