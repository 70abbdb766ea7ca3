package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;

/**
 * A path names a link that its node does not have; the message is Kubo's ({@code no link named "x"
 * under Qm...}). The gateway answers it with 404.
 */
public final class NoSuchLinkException extends IllegalArgumentException {
  private final transient Cid parent;
  private final String name;

  public NoSuchLinkException(String name, Cid parent) {
    this(name, parent, null);
  }

  /**
   * @param why why the node has no such link, appended to the message when not null
   */
  public NoSuchLinkException(String name, Cid parent, String why) {
    super(
        "no link named "
            + GoQuote.quote(name)
            + " under "
            + parent
            + (why == null ? "" : " (" + why + ")"));
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
