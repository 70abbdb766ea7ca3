package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainAccountTest {
  // Anvil's first well-known dev account
  private static final String DEV_KEY =
      "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
  private static final String DEV_ADDRESS = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

  @TempDir Path dir;

  @Test
  void createdAccountLoadsBackWithItsPassword() {
    ChainAccount a = ChainAccount.create(dir, "correct horse".toCharArray());
    assertThat(a.address()).matches("0x[0-9a-f]{40}");
    assertThat(a.file()).exists().hasParent(dir);
    ChainAccount b = ChainAccount.load(a.file(), "correct horse".toCharArray());
    assertThat(b.address()).isEqualTo(a.address());
    assertThat(b.credentials().getEcKeyPair().getPrivateKey())
        .isEqualTo(a.credentials().getEcKeyPair().getPrivateKey());
  }

  @Test
  void importedKeyKeepsItsAddressAndIsNeverWrittenInTheClear() throws IOException {
    ChainAccount a = ChainAccount.importKey(dir, "0x" + DEV_KEY, "pw".toCharArray());
    assertThat(a.address()).isEqualTo(DEV_ADDRESS);
    assertThat(ChainAccount.load(a.file(), "pw".toCharArray()).address()).isEqualTo(DEV_ADDRESS);
    String json = Files.readString(a.file(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    assertThat(json).contains("\"scrypt\"").contains("\"ciphertext\"").doesNotContain(DEV_KEY);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT))
            .doesNotContain(DEV_KEY);
      }
    }
    assertThat(Files.getPosixFilePermissions(a.file()))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    // written in an owner-only staging folder and moved: nothing else is left in the keystore
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(a.file());
    }
  }

  @Test
  void wrongPasswordIsRefusedClearly() {
    ChainAccount a = ChainAccount.create(dir, "right".toCharArray());
    assertThatThrownBy(() -> ChainAccount.load(a.file(), "wrong".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrong password")
        .hasMessageContaining(a.file().toString());
  }

  @Test
  void refusesMissingFilesEmptyPasswordsAndBadKeys() throws IOException {
    assertThatThrownBy(() -> ChainAccount.load(dir.resolve("none.json"), "pw".toCharArray()))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ChainAccount.create(dir, new char[0]))
        .hasMessageContaining("password");
    Path junk = Files.writeString(dir.resolve("junk.json"), "{\"not\":\"a keystore\"}");
    assertThatThrownBy(() -> ChainAccount.load(junk, "pw".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad : List.of("12", "zz" + DEV_KEY.substring(2), "0".repeat(64), "f".repeat(64))) {
      assertThatThrownBy(() -> ChainAccount.importKey(dir, bad, "pw".toCharArray()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("private key");
    }
  }

  @Test
  void inMemoryDevAccountHasNoFile() {
    ChainAccount a = ChainAccount.fromPrivateKey(DEV_KEY);
    assertThat(a.address()).isEqualTo(DEV_ADDRESS);
    assertThat(a.file()).isNull();
  }
}
