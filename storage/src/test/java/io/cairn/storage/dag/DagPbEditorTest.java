package io.cairn.storage.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import io.cairn.storage.unixfs.UnixFsData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DagPbEditor} and {@link DagDiff} on their own; Kubo's vectors are in the CLI's tests. */
class DagPbEditorTest {
  private final BlockStore store = BlockStores.memory();

  private Cid put(PbNode node) {
    Block b = Block.create(Multicodec.DAG_PB, DagPb.encode(node));
    store.put(b);
    return b.cid();
  }

  private Cid dir(PbLink... links) {
    return put(PbNode.of(UnixFsData.directory().encode(), List.of(links)));
  }

  private Cid raw(String text) {
    Block b = Block.create(Multicodec.RAW, text.getBytes(StandardCharsets.UTF_8));
    store.put(b);
    return b.cid();
  }

  @Test
  void aFailedChangeWritesNothing() {
    Cid leaf = raw("leaf");
    Cid inner = dir();
    Cid root = dir(PbLink.of("a", inner, 4));
    long before = store.keys().count();
    DagPbEditor editor = new DagPbEditor(store, false, false);
    // "a" is found and changed, then "b" is missing below it: nothing of "a"'s change is written.
    assertThatThrownBy(() -> editor.addLink(root, "a/b/c", leaf, false, store))
        .hasMessage("no link by that name");
    assertThat(store.keys().count()).isEqualTo(before);
    Cid changed = editor.addLink(root, "a/b/c", leaf, true, store);
    assertThat(store.keys().count()).as("root, a, and a new b").isEqualTo(before + 3);
    assertThat(DagDiff.diff(store, root, changed))
        .containsExactly(new DagDiff.Change(DagDiff.Type.ADD, "a/b", null, changedB(changed)));
  }

  private Cid changedB(Cid root) {
    Cid a = DagPb.decode(store.require(root)).links().get(0).cid();
    return DagPb.decode(store.require(a)).links().get(0).cid();
  }

  @Test
  void aLinkRecordsItsTargetsWholeSizeAndReplacesEveryLinkOfItsName() {
    Cid leaf = raw("twelve bytes");
    Cid child = dir(PbLink.of("x", leaf, 12));
    Cid root = dir(PbLink.of("dup", leaf, 12), PbLink.of("dup", leaf, 12), PbLink.of("z", leaf, 1));
    Cid changed = new DagPbEditor(store, false, false).addLink(root, "dup", child, false, store);
    List<PbLink> links = DagPb.decode(store.require(changed)).links();
    assertThat(links).extracting(PbLink::nameOrEmpty).containsExactly("dup", "z");
    long childBlock = store.require(child).length;
    assertThat(links.get(0).tsize()).isEqualTo(childBlock + 12);
    assertThat(changed.version()).isEqualTo(root.version());
  }

  @Test
  void joinCleansAsGosPathJoin() {
    assertThat(DagDiff.join("a", "")).isEqualTo("a");
    assertThat(DagDiff.join("", "")).isEmpty();
    assertThat(DagDiff.join("", "b")).isEqualTo("b");
    assertThat(DagDiff.join("a", "b/c")).isEqualTo("a/b/c");
    assertThat(DagDiff.join("a/", "./b")).isEqualTo("a/b");
    assertThat(DagDiff.join("a", "../b")).isEqualTo("b");
    assertThat(DagDiff.join("..", "b")).isEqualTo("../b");
    assertThat(DagDiff.join("a", "..")).isEqualTo(".");
    assertThat(DagDiff.join("/", "..")).isEqualTo("/");
  }
}
