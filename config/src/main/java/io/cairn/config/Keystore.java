package io.cairn.config;

import io.cairn.storage.Multibase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The repo's named keys besides the node identity, Kubo's keystore: the keys that {@code name
 * publish --key=NAME} signs with. One file a key in {@code keystore/}, named {@code key_} and the
 * key's name (UTF-8) in lowercase RFC 4648 base32 without padding, holding the libp2p protobuf
 * private key, owner-only; so a Kubo repo's keystore reads here and the other way round. Other
 * files there (Cairn's ML-DSA job key, temporary files) are not keys and are passed over.
 *
 * <p>Names follow boxo's rules (not empty, no {@code /}, not starting with {@code .}); {@value
 * #SELF} is the node identity, kept in the config, never here: it cannot be generated, removed or
 * renamed, with Kubo's messages. Keys are Ed25519, RSA or Secp256k1, the types Kubo generates.
 *
 * <p>A key file is written whole or not at all (a temporary file forced to disk, then linked to its
 * name, as the repo's other secret files are), and a rename moves the file in one step, so a crash
 * never leaves a key empty, half-written or gone. The folder is made (0700) on the first write when
 * an older repo lacks it.
 */
public final class Keystore {
  /** The name of the node identity, which lives in the config's {@code Identity}. */
  public static final String SELF = "self";

  private static final String PREFIX = "key_";

  /**
   * The longest name (in UTF-8 bytes) whose file name, and the temporary file's written first
   * ({@code .key_...-<up to 20 digits>.tmp}), fit the usual limit of 255 bytes.
   */
  private static final int MAX_NAME_BYTES = (255 - PREFIX.length() - 26) * 5 / 8;

  private final Path dir;

  private Keystore(Path dir) {
    this.dir = dir;
  }

  /** The keystore of a repo ({@code keystore/}); nothing is read or made until it is used. */
  public static Keystore open(RepoPaths paths) {
    return new Keystore(paths.keystore());
  }

  /**
   * The keystore of an existing repo whose layout this code reads, checked as Kubo's {@code key
   * export} checks the repo version: for reading keys without the repo lock, while a daemon runs.
   *
   * @throws ConfigException if there is no repo at {@code paths} or its version is unknown
   */
  public static Keystore openExisting(RepoPaths paths) {
    RepoVersion.check(paths);
    return open(paths);
  }

  /**
   * What {@link #rename} did.
   *
   * @param key the key now under the new name
   * @param overwritten whether a key of that name was replaced
   */
  public record Renamed(Identity key, boolean overwritten) {
    public Renamed {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Makes a new random Ed25519 key and stores it as {@code name}.
   *
   * @throws IllegalArgumentException if the name is {@value #SELF}, breaks the name rules or is
   *     taken
   */
  public Identity generate(String name) {
    return generate(name, ED25519, null);
  }

  /** Kubo's key type names for {@code key gen --type}. */
  public static final String ED25519 = "ed25519";

  public static final String RSA = "rsa";
  public static final String SECP256K1 = "secp256k1";

  /**
   * Makes a new random key as Kubo's {@code key gen --type=TYPE [--size=BITS]} does and stores it
   * as {@code name}: {@code rsa} of {@code bits} bits (2048 by default, 2048 to 8192), {@code
   * ed25519} or {@code secp256k1} (a size, if given, must be their 256 bits).
   *
   * @param bits the size asked for, or null
   * @throws IllegalArgumentException in Kubo's words: the name is {@value #SELF}, breaks the name
   *     rules or is taken, the size does not fit the type, or the type is unknown
   */
  public Identity generate(String name, String type, Integer bits) {
    refuseSelf(name, "cannot create key with name 'self'");
    if (Files.exists(file(name))) {
      throw new IllegalArgumentException("key with name '" + name + "' already exists");
    }
    boolean fixedSize = type.equals(ED25519) || type.equals(SECP256K1);
    if (fixedSize && bits != null && bits != 256) {
      throw new IllegalArgumentException(
          "invalid key size " + bits + ": " + type + " keys are always 256 bits");
    }
    Identity key =
        switch (type) {
          case RSA -> Identity.generateRsa(bits == null ? RsaKeyPair.DEFAULT_BITS : bits);
          case ED25519 -> Identity.generate();
          case SECP256K1 -> Identity.generateSecp256k1();
          default -> throw new IllegalArgumentException("unrecognized key type: " + type);
        };
    put(name, key);
    return key;
  }

  /**
   * Stores {@code key} as {@code name} (Kubo's {@code Put}), for an imported or backed-up key.
   *
   * @throws IllegalArgumentException if the name is {@value #SELF}, breaks the name rules or is
   *     taken
   */
  public void put(String name, Identity key) {
    refuseSelf(name, "cannot create key with name 'self'");
    Path file = file(name);
    RepoInitializer.createPrivateDirectory(dir);
    try {
      ConfigJson.place(file, key.privateKeyProtobuf(), false);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof FileAlreadyExistsException) {
        throw new IllegalArgumentException("key with name '" + name + "' already exists", e);
      }
      throw e;
    }
  }

  /**
   * The key stored as {@code name}; never {@value #SELF}, which the config holds.
   *
   * @throws IllegalArgumentException if there is none, or the name breaks the rules
   * @throws IllegalStateException if its file is not a usable libp2p private key (it names the
   *     file)
   */
  public Identity get(String name) {
    return find(name)
        .orElseThrow(() -> new IllegalArgumentException("no key named " + name + " was found"));
  }

  /**
   * The key stored as {@code name}, if any.
   *
   * @throws IllegalArgumentException if the name breaks the rules
   * @throws IllegalStateException if its file is not a usable libp2p private key
   */
  public Optional<Identity> find(String name) {
    Path file = file(name);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read keystore file " + file + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(Identity.fromPrivateKey(bytes));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "keystore file "
              + file
              + " (key '"
              + name
              + "') is not a usable private key: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The names of the stored keys, sorted; {@value #SELF} is not among them. Files whose names are
   * not {@code key_} and base32 are passed over, as Kubo does.
   */
  public List<String> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(Files::isRegularFile)
          .map(f -> nameOf(f.getFileName().toString()))
          .flatMap(Optional::stream)
          .forEach(names::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the keystore " + dir + ": " + e.getMessage(), e);
    }
    names.sort(null);
    return names;
  }

  /**
   * Removes the key stored as {@code name}.
   *
   * @return the key removed
   * @throws IllegalArgumentException if the name is {@value #SELF} or there is no such key
   */
  public Identity remove(String name) {
    refuseSelf(name, "cannot remove key with name 'self'");
    Identity key = get(name);
    Path file = file(name);
    try {
      Files.delete(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no key named " + name + " was found", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
    }
    ConfigJson.forceDirectory(dir);
    return key;
  }

  /**
   * Gives the key {@code oldName} the name {@code newName}: its file is linked to the new name and
   * unlinked from the old, or with {@code force} moved over a key already there, in one step.
   * Renaming a key to its own name changes nothing.
   *
   * @throws IllegalArgumentException if either name is {@value #SELF}, there is no key {@code
   *     oldName}, or {@code newName} is taken and {@code force} is false
   */
  public Renamed rename(String oldName, String newName, boolean force) {
    refuseSelf(oldName, "cannot rename key with name 'self'");
    refuseSelf(newName, "cannot overwrite key with name 'self'");
    Identity key = get(oldName);
    Path to = file(newName);
    if (newName.equals(oldName)) {
      return new Renamed(key, false);
    }
    Path from = file(oldName);
    boolean overwritten = false;
    try {
      if (force) {
        overwritten = Files.exists(to);
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.createLink(to, from);
        Files.delete(from);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(
          "key by that name already exists, refusing to overwrite", e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot rename key '" + oldName + "' to '" + newName + "': " + e.getMessage(), e);
    }
    ConfigJson.forceDirectory(dir);
    return new Renamed(key, overwritten);
  }

  /**
   * The file that holds (or would hold) the key {@code name}.
   *
   * @throws IllegalArgumentException if the name breaks the rules
   */
  public Path file(String name) {
    checkName(name);
    return dir.resolve(PREFIX + Multibase.BASE32.encodeBare(name.getBytes(StandardCharsets.UTF_8)));
  }

  /** The folder of the key files. */
  public Path dir() {
    return dir;
  }

  /** boxo's rules, and a length that fits a file name. */
  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("key names must be at least one character");
    }
    if (name.contains("/")) {
      throw new IllegalArgumentException("key names may not contain slashes");
    }
    if (name.startsWith(".")) {
      throw new IllegalArgumentException("key names may not begin with a period");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "key names may be at most " + MAX_NAME_BYTES + " bytes long (in UTF-8)");
    }
  }

  private static void refuseSelf(String name, String message) {
    if (SELF.equals(name)) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The key name a file name stands for, if it is {@code key_} and base32 of UTF-8 text. */
  private static Optional<String> nameOf(String fileName) {
    if (!fileName.startsWith(PREFIX) || fileName.length() == PREFIX.length()) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Multibase.BASE32.decodeBare(fileName.substring(PREFIX.length()));
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
