package io.cairn.compute.receipt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The node's ML-DSA-65 (FIPS 204) key pair in one file: a 4-byte big-endian length and the PKCS#8
 * private key, then the same for the X.509 public key. The file is created owner-only ({@code
 * rw-------}) and never overwritten.
 */
public final class MlDsaKeyStore {
  static final String ALGORITHM = "ML-DSA-65";
  static final Provider PROVIDER = new BouncyCastleProvider();
  private static final int MAX_PART = 1 << 16;

  private MlDsaKeyStore() {}

  public static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM, PROVIDER);
      g.initialize(org.bouncycastle.jcajce.spec.MLDSAParameterSpec.ml_dsa_65, new SecureRandom());
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ML-DSA-65 is not available: " + e.getMessage(), e);
    }
  }

  /** The key pair in {@code file}, created there first if the file does not exist. */
  public static KeyPair loadOrCreate(Path file) {
    if (Files.exists(file)) {
      return read(file);
    }
    KeyPair pair = generate();
    write(pair, file);
    return pair;
  }

  /**
   * Writes a new key file, owner-only, whole or not at all: the bytes go to a temporary file synced
   * to disk, which is then linked to the file's name (a crash while writing it in place left an
   * empty key file that stopped every later start).
   *
   * @throws UncheckedIOException if the file exists or cannot be written
   */
  public static void write(KeyPair pair, Path file) {
    byte[] priv = pair.getPrivate().getEncoded();
    byte[] pub = pair.getPublic().getEncoded();
    ByteBuffer buf = ByteBuffer.allocate(8 + priv.length + pub.length);
    buf.putInt(priv.length).put(priv).putInt(pub.length).put(pub);
    Path dir = file.toAbsolutePath().getParent();
    try {
      Path tmp =
          dir.getFileSystem().supportedFileAttributeViews().contains("posix")
              ? Files.createTempFile(
                  dir,
                  ".mldsa65-",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(dir, ".mldsa65-", ".tmp");
      try {
        Files.write(tmp, buf.array(), StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.createLink(file, tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException("the ML-DSA key file " + file + " already exists", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ML-DSA key file " + file + ": " + e, e);
    }
  }

  /**
   * Reads a key file written by {@link #write}.
   *
   * @throws IllegalArgumentException if the file is damaged or holds another kind of key
   */
  public static KeyPair read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ML-DSA key file " + file + ": " + e, e);
    }
    try {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      byte[] priv = part(buf);
      byte[] pub = part(buf);
      if (buf.hasRemaining()) {
        throw new IllegalArgumentException(buf.remaining() + " bytes follow the public key");
      }
      KeyFactory f = KeyFactory.getInstance(ALGORITHM, PROVIDER);
      return new KeyPair(
          f.generatePublic(new X509EncodedKeySpec(pub)),
          f.generatePrivate(new PKCS8EncodedKeySpec(priv)));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "the ML-DSA key file " + file + " is damaged: " + e.getMessage(), e);
    }
  }

  /** An ML-DSA-65 public key from its X.509 encoding. */
  static PublicKey publicKey(byte[] x509) throws GeneralSecurityException {
    return KeyFactory.getInstance(ALGORITHM, PROVIDER).generatePublic(new X509EncodedKeySpec(x509));
  }

  private static byte[] part(ByteBuffer buf) {
    int n = buf.getInt();
    if (n < 1 || n > MAX_PART || n > buf.remaining()) {
      throw new IllegalArgumentException("a key part claims " + n + " bytes");
    }
    byte[] out = new byte[n];
    buf.get(out);
    return out;
  }
}
