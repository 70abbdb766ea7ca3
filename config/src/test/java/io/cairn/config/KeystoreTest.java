package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.codec.KeyProtobuf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreTest {
  @TempDir Path dir;
  RepoPaths paths;
  Keystore keystore;

  @BeforeEach
  void init() {
    paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, List.of());
    keystore = Keystore.open(paths);
  }

  @Test
  void initMakesAnOwnerOnlyKeystoreFolder() throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.keystore())))
        .isEqualTo("rwx------");
    assertThat(keystore.list()).isEmpty();
  }

  @Test
  void aGeneratedKeyIsStoredAsKuboNamesItsFileOwnerOnlyAndReadsBack() throws IOException {
    Identity key = keystore.generate("mykey");

    // "mykey" in base32, lowercase, without padding: what Kubo names the file
    Path file = paths.keystore().resolve("key_nv4wwzlz");
    assertThat(keystore.file("mykey")).isEqualTo(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    byte[] bytes = Files.readAllBytes(file);
    KeyProtobuf.Key decoded = KeyProtobuf.decode(bytes, "key file");
    assertThat(decoded.type()).isEqualTo(KeyProtobuf.ED25519);
    assertThat(decoded.data()).hasSize(64);
    assertThat(bytes).isEqualTo(key.privateKeyProtobuf());
    assertThat(keystore.get("mykey")).isEqualTo(key);
    assertThat(keystore.get("mykey").peerId().toString()).startsWith("12D3KooW");
    assertThat(keystore.generate("other")).isNotEqualTo(key);
    assertThat(keystore.list()).containsExactly("mykey", "other");
    // written through a temporary file linked to its name: none is left beside it
    assertThat(filesIn(paths.keystore())).containsExactlyInAnyOrder("key_nv4wwzlz", "key_n52gqzls");
  }

  @Test
  void namesFollowBoxosRulesAndAnyTextIsAllowedOtherwise() {
    assertThatThrownBy(() -> keystore.generate(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key names must be at least one character");
    assertThatThrownBy(() -> keystore.generate("a/b"))
        .hasMessage("key names may not contain slashes");
    assertThatThrownBy(() -> keystore.generate(".hidden"))
        .hasMessage("key names may not begin with a period");
    assertThatThrownBy(() -> keystore.generate("x".repeat(141)))
        .hasMessage("key names may be at most 140 bytes long (in UTF-8)");
    assertThat(keystore.list()).isEmpty();

    keystore.generate("x".repeat(140));
    keystore.generate("clé à ✓");
    keystore.generate("with space");
    assertThat(keystore.list()).containsExactly("clé à ✓", "with space", "x".repeat(140));
  }

  @Test
  void selfIsReservedWithKubosMessages() {
    assertThatThrownBy(() -> keystore.generate("self"))
        .hasMessage("cannot create key with name 'self'");
    assertThatThrownBy(() -> keystore.put("self", Identity.generate()))
        .hasMessage("cannot create key with name 'self'");
    assertThatThrownBy(() -> keystore.remove("self"))
        .hasMessage("cannot remove key with name 'self'");
    keystore.generate("a");
    assertThatThrownBy(() -> keystore.rename("self", "a", true))
        .hasMessage("cannot rename key with name 'self'");
    assertThatThrownBy(() -> keystore.rename("a", "self", true))
        .hasMessage("cannot overwrite key with name 'self'");
    assertThat(keystore.list()).containsExactly("a");
  }

  @Test
  void aTakenNameIsRefusedAndTheKeyKept() {
    Identity first = keystore.generate("k");
    assertThatThrownBy(() -> keystore.generate("k")).hasMessage("key with name 'k' already exists");
    assertThatThrownBy(() -> keystore.put("k", Identity.generate()))
        .hasMessage("key with name 'k' already exists");
    assertThat(keystore.get("k")).isEqualTo(first);
  }

  @Test
  void removeGivesBackTheKeyAndAbsentKeysAreNamed() {
    Identity key = keystore.generate("gone");
    assertThat(keystore.remove("gone")).isEqualTo(key);
    assertThat(keystore.list()).isEmpty();
    assertThat(keystore.find("gone")).isEmpty();
    assertThatThrownBy(() -> keystore.remove("gone")).hasMessage("no key named gone was found");
    assertThatThrownBy(() -> keystore.get("gone")).hasMessage("no key named gone was found");
  }

  @Test
  void renameRefusesATakenNameUnlessForced() {
    Identity a = keystore.generate("a");
    Identity b = keystore.generate("b");

    assertThatThrownBy(() -> keystore.rename("a", "b", false))
        .hasMessage("key by that name already exists, refusing to overwrite");
    assertThat(keystore.get("a")).isEqualTo(a);
    assertThat(keystore.get("b")).isEqualTo(b);

    assertThat(keystore.rename("a", "c", false)).isEqualTo(new Keystore.Renamed(a, false));
    assertThat(keystore.list()).containsExactly("b", "c");
    assertThat(keystore.rename("c", "b", true)).isEqualTo(new Keystore.Renamed(a, true));
    assertThat(keystore.list()).containsExactly("b");
    assertThat(keystore.get("b")).isEqualTo(a);
    assertThat(keystore.rename("b", "b", true)).isEqualTo(new Keystore.Renamed(a, false));
    assertThat(keystore.rename("b", "d", true)).isEqualTo(new Keystore.Renamed(a, false));
    assertThatThrownBy(() -> keystore.rename("nope", "e", false))
        .hasMessage("no key named nope was found");
    assertThat(keystore.list()).containsExactly("d");
  }

  @Test
  void aFileThatIsNotAKeyIsNamedInTheError() throws IOException {
    Path file = keystore.file("broken");
    Files.write(file, new byte[] {8, 1, 18, 3, 1, 2, 3});
    assertThat(keystore.list()).containsExactly("broken");
    assertThatThrownBy(() -> keystore.get("broken"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("keystore file " + file + " (key 'broken') is not a usable")
        .hasMessageContaining("64 bytes");
    Files.writeString(keystore.file("rsa"), "not a protobuf at all");
    assertThatThrownBy(() -> keystore.remove("rsa"))
        .hasMessageContaining(keystore.file("rsa").toString());
    assertThat(keystore.list()).containsExactly("broken", "rsa");
  }

  @Test
  void otherFilesInTheFolderAreNotKeys() throws IOException {
    Files.writeString(paths.keystore().resolve("mldsa65.key"), "Cairn's job key");
    Files.writeString(paths.keystore().resolve(".key_nv4wwzlz-123.tmp"), "");
    Files.writeString(paths.keystore().resolve("key_!!!"), "");
    assertThat(keystore.list()).isEmpty();
  }

  @Test
  void aKuboKeyFileReadsAndARepoWithoutTheFolderGetsItOnFirstWrite() throws IOException {
    // Kubo's own encoding of an Ed25519 key: type 1, seed then public key (RFC 8032 vector 1)
    byte[] seed =
        HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    Identity kubo = Identity.fromSeed(seed);
    Files.delete(paths.keystore());
    assertThat(keystore.list()).isEmpty();

    keystore.put("imported", kubo);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.keystore())))
        .isEqualTo("rwx------");
    byte[] bytes = Files.readAllBytes(keystore.file("imported"));
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo(
            "08011240"
                + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assertThat(keystore.get("imported").peerId()).isEqualTo(kubo.peerId());
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
