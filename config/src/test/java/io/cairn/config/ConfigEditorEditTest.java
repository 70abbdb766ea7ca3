package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.config.ConfigEditor.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConfigEditor#edit}: the editor works on a copy, which replaces the config only if it is a
 * valid config and the config did not change meanwhile; otherwise the config is left as it was and
 * the copy is kept.
 */
class ConfigEditorEditTest {
  private static final String API = "\"API\": \"/ip4/127.0.0.1/tcp/5001\"";

  @TempDir Path tmp;
  private RepoPaths paths;
  private String before;

  @BeforeEach
  void init() throws IOException {
    paths = new RepoPaths(tmp);
    RepoInitializer.init(paths, List.of(), TestConfigs.IDENTITY);
    before = config();
  }

  @Test
  void aValidEditIsWrittenAsEditedFromAPrivateCopyBesideTheConfig() throws IOException {
    List<Path> seen = new ArrayList<>();
    boolean written =
        ConfigEditor.edit(
            paths,
            copy -> {
              seen.add(copy);
              assertThat(copy.getParent()).isEqualTo(tmp);
              assertThat(permissions(copy)).isEqualTo("rw-------");
              assertThat(read(copy)).isEqualTo(before);
              write(copy, before.replace(API, "\"API\": \"/ip4/127.0.0.1/tcp/5002\""));
            });

    assertThat(written).isTrue();
    assertThat(config()).isEqualTo(before.replace("tcp/5001", "tcp/5002"));
    assertThat(permissions(paths.config())).isEqualTo("rw-------");
    assertThat(seen.getFirst()).doesNotExist();
    assertThat(copies()).isEmpty();
  }

  @Test
  void anUnchangedEditWritesNothing() throws IOException {
    FileTime modified = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(paths.config(), modified);

    assertThat(ConfigEditor.edit(paths, copy -> {})).isFalse();

    assertThat(config()).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(paths.config())).isEqualTo(modified);
    assertThat(copies()).isEmpty();
  }

  @Test
  void anEditorThatGivesUpLeavesTheConfigAndRemovesTheCopy() throws IOException {
    assertThatThrownBy(
            () ->
                ConfigEditor.edit(
                    paths,
                    copy -> {
                      write(copy, "half a save");
                      throw new IllegalStateException("editor exited with status 3");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("editor exited with status 3");

    assertThat(config()).isEqualTo(before);
    assertThat(copies()).isEmpty();
  }

  @Test
  void anEditThatIsNotJsonIsRefusedAndKept() throws IOException {
    Path kept =
        refused(text -> text.replace(API, "\"API\": "), "the edited config is not valid JSON");

    assertThat(read(kept)).contains("\"API\": ,");
  }

  @Test
  void anEditWithAnInvalidValueIsRefusedAndKept() throws IOException {
    Path kept =
        refused(
            text -> text.replace(API, "\"API\": \"not-an-address\""),
            "the edited config: Addresses.API");

    assertThat(read(kept)).contains("not-an-address");
  }

  @Test
  void anEditThatBreaksARuleBetweenKeysIsRefused() throws IOException {
    // Chain.Mode rpc needs Chain.RpcUrl: checked on a whole config, as config replace checks it.
    refused(
        text -> text.replace("\"Mode\": \"dev\"", "\"Mode\": \"rpc\""),
        "the edited config: Chain.RpcUrl");
  }

  @Test
  void anEditThatChangesTheKeyButNotThePeerIdIsRefused() throws IOException {
    Identity other = Identity.generate();
    String oldKey = TestConfigs.IDENTITY.privKey();
    refused(
        text -> text.replace(oldKey, other.privKey()),
        "the edited config: Identity.PeerID "
            + TestConfigs.IDENTITY.peerId()
            + " does not match Identity.PrivKey, whose peer ID is "
            + other.peerId());
  }

  @Test
  void anEditThatRemovesThePrivateKeyIsRefused() throws IOException {
    String oldKey = TestConfigs.IDENTITY.privKey();
    refused(
        text -> text.replace("\"PrivKey\": \"" + oldKey + "\"", "\"PrivKey\": \"\""),
        "the edited config: Identity.PrivKey is missing");
  }

  @Test
  void aChangeMadeWhileTheEditorIsOpenIsNotOverwritten() throws IOException {
    Path kept =
        refusedEditor(
            copy -> {
              // Another command changes the config while the editor is open.
              ConfigEditor.open(paths).set("Datastore.StorageMax", "7GB", ValueType.STRING);
              write(copy, read(copy).replace("tcp/5001", "tcp/5002"));
            },
            "the config changed while it was being edited; your edit is kept in ");

    assertThat(ConfigEditor.open(paths).get("Datastore.StorageMax")).isEqualTo("7GB");
    assertThat(ConfigEditor.open(paths).get("Addresses.API")).isEqualTo("/ip4/127.0.0.1/tcp/5001");
    assertThat(read(kept)).contains("tcp/5002");
  }

  @Test
  void aRewriteThatChangedOnlyTheLayoutIsNoConflict() throws IOException {
    boolean written =
        ConfigEditor.edit(
            paths,
            copy -> {
              // The same config, written compactly: the edit loses nothing by replacing it.
              write(paths.config(), ConfigJson.compact(ConfigJson.read(paths.config())));
              write(copy, read(copy).replace("tcp/5001", "tcp/5002"));
            });

    assertThat(written).isTrue();
    assertThat(ConfigEditor.open(paths).get("Addresses.API")).isEqualTo("/ip4/127.0.0.1/tcp/5002");
  }

  @Test
  void aConfigThatIsNotJsonCanBeMendedHere() throws IOException {
    write(paths.config(), before.substring(0, before.length() / 2));

    boolean written = ConfigEditor.edit(paths, copy -> write(copy, before));

    assertThat(written).isTrue();
    assertThat(config()).isEqualTo(before);
  }

  @Test
  void aRepoOfANewerVersionIsRefusedBeforeTheEditorRuns() throws IOException {
    write(paths.versionFile(), "99\n");
    List<Path> opened = new ArrayList<>();

    assertThatThrownBy(() -> ConfigEditor.edit(paths, opened::add))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has version 99, newer than this cairn understands");
    assertThat(opened).isEmpty();
    assertThat(copies()).isEmpty();
  }

  /**
   * Edits the copy with {@code edit}, expects a refusal starting with {@code problem} and naming
   * the kept copy, and checks the config was left as it was; returns the copy.
   */
  private Path refused(UnaryOperator<String> edit, String problem) throws IOException {
    Path kept = refusedEditor(copy -> write(copy, edit.apply(read(copy))), problem);
    assertThat(config()).isEqualTo(before);
    return kept;
  }

  /**
   * Runs {@code editor}, expects a refusal starting with {@code problem} and naming the copy, and
   * checks the copy is kept; returns it.
   */
  private Path refusedEditor(Consumer<Path> editor, String problem) throws IOException {
    List<Path> kept = new ArrayList<>();
    assertThatThrownBy(
            () ->
                ConfigEditor.edit(
                    paths,
                    copy -> {
                      kept.add(copy);
                      editor.accept(copy);
                    }))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(problem)
        .hasMessageEndingWith("; your edit is kept in " + kept.getFirst());
    assertThat(copies()).containsExactly(kept.getFirst());
    return kept.getFirst();
  }

  /** The config file's text: it is UTF-8, so equal text is equal bytes. */
  private String config() throws IOException {
    return Files.readString(paths.config());
  }

  private List<Path> copies() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(f -> f.getFileName().toString().startsWith("config-edit-")).toList();
    }
  }

  private static String permissions(Path file) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
