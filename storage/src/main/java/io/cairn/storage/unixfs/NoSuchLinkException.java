package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;

/**
 * A path names a link that its node does not have (a directory without that name, or a file, a
 * symlink or a raw block, which have no named links); the message is Kubo's, word for word ({@code
 * no link named "x" under Qm...}), as clients compare it. The gateway answers it with 404.
 */
public final class NoSuchLinkException extends IllegalArgumentException {
  private final transient Cid parent;
  private final String name;

  public NoSuchLinkException(String name, Cid parent) {
    super("no link named " + GoQuote.quote(name) + " under " + parent);
    this.parent = parent;
    this.name = name;
  }

  /** The node that lacks the link. */
  public Cid parent() {
    return parent;
  }

  /** The missing link's name. */
  public String name() {
    return name;
  }
}
