package io.cairn.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.PeerId;
import io.cairn.storage.StorageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;

/**
 * {@code cairn init}: creates a repo with a new Ed25519 identity and the default config, with
 * profiles applied. The config file is written last, so a repo whose init was interrupted has no
 * config and can be initialised again.
 */
public final class RepoInitializer {
  /**
   * What init made, for the CLI to print as Kubo does ({@code generating ED25519 keypair...done},
   * {@code peer identity: 12D3KooW...}).
   *
   * @param paths the repo
   * @param identity the node key
   * @param profiles the profiles applied, in order
   */
  public record Result(RepoPaths paths, Identity identity, List<String> profiles) {
    public Result {
      Objects.requireNonNull(paths, "paths");
      Objects.requireNonNull(identity, "identity");
      profiles = List.copyOf(profiles);
    }

    public PeerId peerId() {
      return identity.peerId();
    }

    /** The key type as Kubo prints it. */
    public String keyType() {
      return identity.keyType();
    }
  }

  private RepoInitializer() {}

  /** Initialises a repo with a new random identity. */
  public static Result init(RepoPaths paths, List<String> profiles) {
    return init(paths, profiles, Identity.generate());
  }

  /**
   * Initialises a repo with the given identity.
   *
   * @throws IllegalStateException if a repo already exists there or another process holds its lock
   * @throws IllegalArgumentException if a profile is unknown (nothing is written then)
   */
  public static Result init(RepoPaths paths, List<String> profiles, Identity identity) {
    profiles.forEach(Profiles::require);
    RepoVersion.refuseKuboRepo(paths);
    if (paths.exists()) {
      throw new IllegalStateException("cairn repo already exists at " + paths.root());
    }
    ObjectNode config = DefaultConfig.create(identity);
    for (String p : profiles) {
      Profiles.apply(p, config);
    }
    NodeConfig.fromTree(config, "the new config"); // a profile must leave a valid config
    createPrivateDirectory(paths.root());
    RepoLock lock = RepoLock.acquire(paths);
    try {
      if (paths.exists()) {
        throw new IllegalStateException("cairn repo already exists at " + paths.root());
      }
      createPrivateDirectory(paths.keystore());
      createPrivateDirectory(paths.datastore());
      writeNewRepoMarker(paths.datastore());
      RepoVersion.write(paths);
      ConfigJson.writeAtomically(paths.config(), ConfigJson.pretty(config) + "\n");
    } finally {
      lock.close();
    }
    return new Result(paths, identity, profiles);
  }

  /** Lets the node create the repo's database in {@code datastore} (and nowhere else). */
  private static void writeNewRepoMarker(Path datastore) {
    Path marker = datastore.resolve(StorageOptions.NEW_REPO_MARKER);
    try {
      Files.writeString(marker, "created by 'cairn init'; the database is made at first use\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + marker + ": " + e.getMessage(), e);
    }
  }

  /** Creates {@code dir} (and any missing parents) owner-only, 0700, unless it exists. */
  static void createPrivateDirectory(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return;
      }
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
