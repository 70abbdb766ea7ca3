package io.cairn.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.stream.Stream;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * A secp256k1 chain account kept in a web3j (Ethereum V3) keystore file, encrypted with scrypt at
 * the standard "light" parameters (n = 4096, p = 6) so unlocking takes a fraction of a second; the
 * raw private key is never written. {@link #fromPrivateKey} holds a key in memory only, for the
 * well-known development accounts of a local chain.
 */
public final class ChainAccount {
  private final Credentials credentials;
  private final Path file;

  private ChainAccount(Credentials credentials, Path file) {
    this.credentials = credentials;
    this.file = file;
  }

  /** Creates a new random account in a keystore file in {@code dir}. */
  public static ChainAccount create(Path dir, char[] password) {
    try {
      return store(dir, Keys.createEcKeyPair(), password);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a secp256k1 key: " + e.getMessage(), e);
    }
  }

  /** Encrypts an existing private key (hex, with or without 0x) into a keystore file in dir. */
  public static ChainAccount importKey(Path dir, String privateKeyHex, char[] password) {
    return store(dir, ECKeyPair.create(parseKey(privateKeyHex)), password);
  }

  /**
   * Unlocks a keystore file.
   *
   * @throws IllegalArgumentException for a wrong password or a file that is no keystore
   */
  public static ChainAccount load(Path keystoreFile, char[] password) {
    checkPassword(password);
    if (!Files.isRegularFile(keystoreFile)) {
      throw new IllegalArgumentException("keystore file " + keystoreFile + " does not exist");
    }
    try {
      return new ChainAccount(
          WalletUtils.loadCredentials(new String(password), keystoreFile.toFile()), keystoreFile);
    } catch (CipherException e) {
      throw new IllegalArgumentException(
          "cannot unlock keystore " + keystoreFile + ": wrong password (" + e.getMessage() + ")",
          e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "keystore file " + keystoreFile + " is not a valid keystore: " + e.getMessage(), e);
    }
  }

  /** An account held in memory only: for a development chain's well-known accounts. */
  public static ChainAccount fromPrivateKey(String hex) {
    return new ChainAccount(Credentials.create(ECKeyPair.create(parseKey(hex))), null);
  }

  /** The account's address, 0x and 40 lower-case hex digits. */
  public String address() {
    return Addresses.check(credentials.getAddress(), "account");
  }

  /** The keystore file, or {@code null} for an in-memory account. */
  public Path file() {
    return file;
  }

  Credentials credentials() {
    return credentials;
  }

  @Override
  public String toString() {
    return "ChainAccount[" + address() + (file == null ? "" : ", " + file) + "]";
  }

  /**
   * Writes the keystore file whole or not at all, never readable by others: web3j writes it in a
   * fresh owner-only folder inside {@code dir}, where it is made owner-only and synced before it is
   * moved beside the others (written in place, a crash could leave an empty or partial keystore,
   * readable by others until its mode was changed).
   */
  private static ChainAccount store(Path dir, ECKeyPair key, char[] password) {
    checkPassword(password);
    Path staging = null;
    try {
      Files.createDirectories(dir);
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      staging =
          posix
              ? Files.createTempDirectory(
                  dir, ".new-", PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR))
              : Files.createTempDirectory(dir, ".new-");
      String name =
          WalletUtils.generateWalletFile(new String(password), key, staging.toFile(), false);
      Path written = staging.resolve(name);
      if (posix) {
        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
      }
      try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Path file = dir.resolve(name);
      Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
      return new ChainAccount(Credentials.create(key), file);
    } catch (IOException | CipherException e) {
      throw new IllegalStateException(
          "cannot write a keystore file in " + dir + ": " + e.getMessage(), e);
    } finally {
      if (staging != null) {
        deleteQuietly(staging);
      }
    }
  }

  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  /** Removes the staging folder and anything a failed write left in it. */
  private static void deleteQuietly(Path staging) {
    try (Stream<Path> left = Files.list(staging)) {
      for (Path p : left.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(staging);
    } catch (IOException e) {
      // a stray empty folder beside the keystore files is harmless
    }
  }

  private static void checkPassword(char[] password) {
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("a keystore needs a non-empty password");
    }
  }

  private static BigInteger parseKey(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("private key is missing");
    }
    String h = hex.strip();
    if (h.startsWith("0x") || h.startsWith("0X")) {
      h = h.substring(2);
    }
    if (h.length() != 64 || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("private key must be 64 hex digits");
    }
    BigInteger k = new BigInteger(h, 16);
    if (k.signum() == 0 || k.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
      throw new IllegalArgumentException("private key is not in the secp256k1 range");
    }
    return k;
  }
}
