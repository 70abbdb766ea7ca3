package io.cairn.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.PeerId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code cairn config}: reads and writes the repo's config file by dotted key with Kubo's semantics
 * and messages. Values are typed by the known keys ({@code Import.CidVersion 1} stores a number),
 * unknown keys in the file are kept, and every write replaces the file atomically after the whole
 * config has been validated. Rules between keys ({@link NodeConfig#checkComplete}) are left to
 * where the config is used, so that single keys may be set in any order; {@link #replace} checks
 * them too. The private key cannot be read or changed here, as in Kubo, but by {@link #edit}, which
 * edits the whole file as Kubo's {@code config edit} does.
 *
 * <p>Each change reads the file again and writes it under a lock that every editor of the same file
 * in this process shares (a daemon runs each RPC call on a thread of its own) and an exclusive lock
 * on {@code config.lock} between processes (two {@code cairn config} commands without a daemon), so
 * that changes made at once never undo one another. Neither is the {@link RepoLock}, which a daemon
 * holds for its whole run.
 */
public final class ConfigEditor {
  /** How {@link #set} reads its value, as {@code cairn config} flags say. */
  public enum ValueType {
    /** Plain text, converted to the key's type (a number for an integer key, and so on). */
    STRING,
    /** JSON ({@code --json}). */
    JSON,
    /** {@code --bool}: true for "true", false for anything else. */
    BOOL
  }

  /** What edits the copy in {@link #edit}: a person's editor, or a test's code. */
  @FunctionalInterface
  public interface Editor {
    /** Edits {@code copy} in place; throws to give up (an editor that exits non-zero). */
    void edit(Path copy);

    /**
     * Called when the process stops while {@link #edit} runs, before the copy is removed: stops
     * whatever could still write the copy (an editor process and its children), so that the copy is
     * not written again after its removal. It is called on a shutdown hook's thread and must return
     * within a few seconds.
     */
    default void stop() {}
  }

  /** One key to set, as {@link #set} takes it. */
  public record Change(String key, String value, ValueType type) {}

  /**
   * What {@link #applyProfile} did.
   *
   * @param before the config before, as {@link #show()} prints it
   * @param after the config after, as {@link #show()} prints it
   * @param backup the copy of the old file, unless it was a dry run
   */
  public record ProfileChange(String before, String after, Optional<Path> backup) {}

  /** One lock per config file, for the changes made in this process. */
  private static final ConcurrentHashMap<Path, Object> WRITERS = new ConcurrentHashMap<>();

  private static final DateTimeFormatter BACKUP_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final RepoPaths paths;
  private ObjectNode root;

  private ConfigEditor(RepoPaths paths, ObjectNode root) {
    this.paths = paths;
    this.root = root;
  }

  /**
   * Opens the config of the repo at {@code paths}. The file must be JSON but need not be a valid
   * config, so that a bad value can be fixed here.
   */
  public static ConfigEditor open(RepoPaths paths) {
    RepoVersion.check(paths);
    return new ConfigEditor(paths, ConfigJson.read(paths.config()));
  }

  /** Profile names with one-line descriptions. */
  public static Map<String, String> profiles() {
    return Profiles.descriptions();
  }

  /**
   * The value of a key as {@code cairn config KEY} prints it: strings bare, anything else as
   * indented JSON.
   *
   * @throws ConfigException as Kubo words it, such as {@code failed to get config value: "Foo not
   *     found"}
   */
  public String get(String key) {
    JsonNode value = lookup(key);
    return value.isTextual()
        ? value.asText().replaceAll("^\n+|\n+$", "")
        : ConfigJson.pretty(value);
  }

  /** The value of a key as compact JSON (for the RPC API's {@code Value}). */
  public String getJson(String key) {
    return ConfigJson.compact(lookup(key));
  }

  /**
   * Sets a key, creating the objects on its path, and writes the file.
   *
   * @throws ConfigException if the key is unknown or guarded, the value has the wrong type, or the
   *     config would no longer be valid; the file is then unchanged
   */
  public void set(String key, String value, ValueType type) {
    if (key.equalsIgnoreCase("Identity.PeerID")) {
      ConfigSecrets.guard(key);
      setPeerId(value, type);
      return;
    }
    setAll(List.of(new Change(key, value, type)));
  }

  /**
   * Sets several keys in one write, all or none: a command that changes several keys at once leaves
   * the file as it was when any value is refused.
   *
   * @throws ConfigException as {@link #set} does, for the first change refused; the file is then
   *     unchanged
   */
  public void setAll(List<Change> changes) {
    for (Change c : changes) {
      ConfigSecrets.guard(c.key());
    }
    List<Map.Entry<List<String>, JsonNode>> puts = new ArrayList<>(changes.size());
    try {
      for (Change c : changes) {
        if (c.key().equalsIgnoreCase("Identity.PeerID")) {
          throw new IllegalArgumentException("Identity.PeerID is set alone, not with other keys");
        }
        List<String> parts = Arrays.asList(c.key().split("\\.", -1));
        ConfigSchema.Node schema = ConfigSchema.lookup(parts);
        JsonNode node =
            switch (c.type()) {
              case STRING -> ConfigSchema.fromText(c.value(), schema, c.key());
              case JSON -> parseJsonValue(c.value());
              case BOOL -> BooleanNode.valueOf(c.value().equals("true"));
            };
        ConfigSchema.check(node, schema, c.key());
        puts.add(Map.entry(parts, node));
      }
      if (puts.isEmpty()) {
        return;
      }
      update(
          current -> {
            ObjectNode updated = current.deepCopy();
            for (Map.Entry<List<String>, JsonNode> put : puts) {
              put(updated, put.getKey(), put.getValue());
            }
            String problem = problem(updated);
            if (problem != null && !problem.equals(problem(current))) {
              throw new IllegalArgumentException(problem);
            }
            return updated;
          });
    } catch (IllegalArgumentException e) {
      throw new ConfigException("failed to set config value: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the list of strings under {@code key} (such as {@code Bootstrap}) by what {@code
   * change} makes of the list in the file, read and written under the lock every change takes, so
   * that two changes made at once both land. A missing or null key reads as an empty list.
   *
   * @return the list written
   * @throws ConfigException if the key does not hold a list of strings, or the config would no
   *     longer be valid; the file is then unchanged
   */
  public List<String> updateList(String key, UnaryOperator<List<String>> change) {
    ConfigSecrets.guard(key);
    List<String> parts = Arrays.asList(key.split("\\.", -1));
    ConfigSchema.Node schema = ConfigSchema.lookup(parts);
    List<List<String>> written = new ArrayList<>(1);
    try {
      update(
          current -> {
            JsonNode node = current;
            for (String part : parts) {
              node = node.path(part);
            }
            List<String> before = new ArrayList<>();
            if (!node.isMissingNode() && !node.isNull()) {
              ConfigSchema.check(node, schema, key);
              node.forEach(v -> before.add(v.asText()));
            }
            List<String> after = List.copyOf(change.apply(before));
            JsonNode value = ConfigJson.MAPPER.valueToTree(after);
            ConfigSchema.check(value, schema, key);
            ObjectNode updated = current.deepCopy();
            put(updated, parts, value);
            String problem = problem(updated);
            if (problem != null && !problem.equals(problem(current))) {
              throw new IllegalArgumentException(problem);
            }
            written.add(after);
            return updated;
          });
    } catch (IllegalArgumentException e) {
      throw new ConfigException("failed to set config value: " + e.getMessage(), e);
    }
    return written.getFirst();
  }

  /**
   * The whole config as {@code cairn config show} prints it: like Kubo, without {@code
   * Identity.PrivKey} or pinning service keys, and with {@code API.Authorizations} emptied.
   */
  public String show() {
    return showText(root);
  }

  /**
   * Replaces the config with new JSON, keeping the repo's secrets as Kubo does: the replacement may
   * not carry {@code Identity.PrivKey}, {@code Identity.PeerID} is derived from the kept key, and a
   * file printed by {@link #show()} loses none of the secrets it left out.
   *
   * @param source names the text in errors (the file it came from)
   */
  public void replace(String json, String source) {
    ObjectNode replacement = ConfigJson.parse(json, source);
    update(
        current -> {
          ConfigSecrets.carryOver(current, replacement, ownKey(current));
          NodeConfig.fromTree(replacement, source).checkComplete(source);
          return replacement;
        });
  }

  /**
   * {@code cairn config edit}, as {@code crontab -e} and {@code kubectl edit} edit: {@code editor}
   * edits a copy of the config file, made beside it and readable only by its owner (it holds the
   * private key). If the copy was left byte for byte as it was, nothing is written. Otherwise it
   * must be a whole valid config ({@link NodeConfig#checkComplete}, so {@code Identity.PeerID} must
   * be the one {@code Identity.PrivKey} gives), and it replaces the file, atomically and under the
   * lock every change takes, only if the file still holds what was copied (the same bytes, or JSON
   * that reads the same: a change made meanwhile is never overwritten). The file itself need not be
   * valid, so that a broken config can be mended here.
   *
   * @param editor edits the file it is given, and throws to give up (an editor that exits
   *     non-zero); the copy is then removed and the file is unchanged. If the process is stopped
   *     meanwhile, {@link Editor#stop} is called and then the copy is removed
   * @return whether the config was written: false when the copy was left unchanged
   * @throws ConfigException if the edit is not a valid config or the file changed while it was
   *     edited; the file is then unchanged and the message names the copy, which is kept
   */
  public static boolean edit(RepoPaths paths, Editor editor) {
    RepoVersion.check(paths);
    byte[] original = ConfigJson.readBytes(paths.config());
    Path copy;
    try {
      copy = ConfigJson.createPrivateFile(paths.root(), "config-edit-", ".json");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot make a copy of the config in " + paths.root() + ": " + e.getMessage(), e);
    }
    // The copy holds the private key: a process stopped while the editor is open (SIGTERM, or
    // Ctrl-C in the terminal) removes it on its way out, after stopping the editor, which could
    // otherwise write it again (a SIGTERM reaches this process alone, not the editor's).
    Thread removeCopy =
        new Thread(
            () -> {
              try {
                editor.stop();
              } finally {
                delete(copy);
              }
            },
            "config-edit-copy");
    Runtime.getRuntime().addShutdownHook(removeCopy);
    byte[] edited;
    try {
      Files.write(copy, original);
      editor.edit(copy);
      edited = Files.readAllBytes(copy);
    } catch (IOException e) {
      delete(copy);
      throw new UncheckedIOException("cannot edit the copy " + copy + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      delete(copy);
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(removeCopy);
      } catch (IllegalStateException e) {
        // the process is stopping: the hook removes the copy
      }
    }
    if (Arrays.equals(edited, original)) {
      delete(copy);
      return false;
    }
    try {
      String source = "the edited config";
      ObjectNode tree = ConfigJson.parse(ConfigJson.decode(edited, source), source);
      NodeConfig.fromTree(tree, source).checkComplete(source);
      locked(
          paths,
          () -> {
            if (!sameConfig(ConfigJson.readBytes(paths.config()), original)) {
              throw new ConfigException("the config changed while it was being edited");
            }
            ConfigJson.place(paths.config(), edited, true);
            return null;
          });
    } catch (ConfigException | UncheckedIOException e) {
      throw new ConfigException(e.getMessage() + "; your edit is kept in " + copy, e);
    }
    delete(copy);
    return true;
  }

  /**
   * Whether two config files hold the same config: the same bytes, or JSON that reads as the same
   * tree (a rewrite that changed only the layout or the order of keys holds nothing that an edit
   * replacing it would lose).
   */
  private static boolean sameConfig(byte[] a, byte[] b) {
    if (Arrays.equals(a, b)) {
      return true;
    }
    try {
      return ConfigJson.parse(ConfigJson.decode(a, "config"), "config")
          .equals(ConfigJson.parse(ConfigJson.decode(b, "config"), "config"));
    } catch (ConfigException e) {
      return false;
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Left behind in the repo folder, it holds no more than the config itself.
    }
  }

  /**
   * Applies a profile; unless {@code dryRun}, first copies the current file to {@code
   * config-pre-PROFILE-TIME} beside it, as Kubo keeps a backup.
   */
  public ProfileChange applyProfile(String name, boolean dryRun) {
    if (dryRun) {
      return new ProfileChange(showText(root), showText(withProfile(root, name)), Optional.empty());
    }
    Path copy =
        paths.root().resolve("config-pre-" + name + "-" + BACKUP_TIME.format(Instant.now()));
    ObjectNode after =
        update(
            current -> {
              ObjectNode updated = withProfile(current, name);
              ConfigJson.writeAtomically(copy, readFile());
              return updated;
            });
    return new ProfileChange(showText(ConfigJson.read(copy)), showText(after), Optional.of(copy));
  }

  private static ObjectNode withProfile(ObjectNode tree, String name) {
    ObjectNode updated = tree.deepCopy();
    try {
      Profiles.apply(name, updated);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    NodeConfig.fromTree(updated, "config after profile " + name);
    return updated;
  }

  private JsonNode lookup(String key) {
    ConfigSecrets.guard(key);
    String[] parts = key.split("\\.", -1);
    JsonNode cursor = root;
    for (int i = 0; i < parts.length; i++) {
      if (!cursor.isObject()) {
        throw getFailure(String.join(".", Arrays.copyOfRange(parts, 0, i)) + " key is not a map");
      }
      JsonNode next = cursor.get(parts[i]);
      if (next == null) {
        throw getFailure(String.join(".", Arrays.copyOfRange(parts, 0, i + 1)) + " not found");
      }
      cursor = next;
    }
    return cursor;
  }

  private static ConfigException getFailure(String problem) {
    return new ConfigException("failed to get config value: \"" + problem + "\"");
  }

  /** Accepts only the node's own peer ID, in any form, and stores it as base58 (as Kubo does). */
  private void setPeerId(String value, ValueType type) {
    String candidate = value;
    if (type == ValueType.JSON) {
      try {
        JsonNode parsed = ConfigJson.MAPPER.readTree(value);
        if (parsed != null && parsed.isTextual()) {
          candidate = parsed.asText();
        }
      } catch (JsonProcessingException e) {
        // Not JSON: compare the text as given.
      }
    }
    String given = candidate;
    update(
        current -> {
          PeerId own = ownKey(current).peerId();
          boolean matches;
          try {
            matches = PeerId.parse(given).equals(own);
          } catch (IllegalArgumentException e) {
            matches = false;
          }
          if (!matches) {
            throw new ConfigException(
                "cannot set Identity.PeerID to a value that does not match the node's private"
                    + " key");
          }
          ObjectNode updated = current.deepCopy();
          ((ObjectNode) updated.get("Identity")).put("PeerID", own.toString());
          return updated;
        });
  }

  /** The node identity the file holds ({@code Identity.PrivKey}). */
  public Identity identity() {
    return ownKey(ConfigJson.read(paths.config()));
  }

  /**
   * Replaces the node identity ({@code key rotate}): {@code Identity.PrivKey} and {@code
   * Identity.PeerID} become {@code fresh}'s, in one atomic write.
   *
   * @param expected the identity being replaced, which the caller has backed up
   * @throws ConfigException if the file's identity is no longer {@code expected}; it is then
   *     unchanged
   */
  public void replaceIdentity(Identity expected, Identity fresh) {
    update(
        current -> {
          if (!ownKey(current).equals(expected)) {
            throw new ConfigException(
                "the node identity changed while it was being rotated; nothing was changed");
          }
          ObjectNode updated = current.deepCopy();
          ObjectNode identity = (ObjectNode) updated.get("Identity");
          identity.put("PeerID", fresh.peerId().toString());
          identity.put("PrivKey", fresh.privKey());
          return updated;
        });
  }

  private Identity ownKey(ObjectNode tree) {
    JsonNode privKey = tree.path("Identity").path("PrivKey");
    if (!privKey.isTextual() || privKey.asText().isEmpty()) {
      throw new ConfigException("the config at " + paths.config() + " has no Identity.PrivKey");
    }
    try {
      return Identity.fromPrivKey(privKey.asText());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Identity.PrivKey: " + e.getMessage(), e);
    }
  }

  private static JsonNode parseJsonValue(String value) {
    try {
      JsonNode node = ConfigJson.MAPPER.readTree(value);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("failed to unmarshal json. no value given");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("failed to unmarshal json. " + e.getOriginalMessage(), e);
    }
  }

  /** Kubo's MapSetKV: walks the path, making objects where a part is missing or null. */
  private static void put(ObjectNode root, List<String> parts, JsonNode value) {
    ObjectNode cursor = root;
    for (int i = 0; i < parts.size() - 1; i++) {
      JsonNode next = cursor.get(parts.get(i));
      if (next == null || next.isNull()) {
        cursor = cursor.putObject(parts.get(i));
      } else if (next instanceof ObjectNode object) {
        cursor = object;
      } else {
        throw new IllegalArgumentException(
            String.join(".", parts.subList(0, i + 1)) + " key is not a map");
      }
    }
    cursor.set(parts.getLast(), value);
  }

  /** The validation error of a config tree, or null if it is valid. */
  private static String problem(ObjectNode tree) {
    try {
      ConfigReader.read(tree).checkKeyPair();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String showText(ObjectNode tree) {
    return ConfigJson.pretty(ConfigSecrets.scrubbed(tree));
  }

  private String readFile() {
    try {
      return Files.readString(paths.config());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + paths.config(), e);
    }
  }

  /**
   * Reads the file again, applies {@code change} to it and writes the result, all under the locks
   * {@link #locked} takes; returns what was written. Nothing is written if {@code change} throws.
   */
  ObjectNode update(UnaryOperator<ObjectNode> change) {
    ObjectNode updated =
        locked(
            paths,
            () -> {
              ObjectNode changed = change.apply(ConfigJson.read(paths.config()));
              ConfigJson.writeAtomically(paths.config(), ConfigJson.pretty(changed) + "\n");
              return changed;
            });
    root = updated;
    return updated;
  }

  /**
   * Runs {@code body} under this process's lock for the config file of {@code paths} and then the
   * lock between processes ({@link ConfigFileLock}, waited for up to {@link ConfigFileLock#WAIT}),
   * which every change to the file holds while it reads and replaces it.
   */
  private static <T> T locked(RepoPaths paths, Supplier<T> body) {
    synchronized (WRITERS.computeIfAbsent(paths.config(), file -> new Object())) {
      try (ConfigFileLock held = ConfigFileLock.take(paths.configLockFile(), ConfigFileLock.WAIT)) {
        return body.get();
      }
    }
  }
}
