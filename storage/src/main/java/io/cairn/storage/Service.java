package io.cairn.storage;

/**
 * A long-running part of the node (a server, a scheduler, a chain follower). The daemon starts its
 * services in dependency order and stops them in reverse. Both calls are idempotent: starting a
 * started service or stopping a stopped one does nothing.
 */
public interface Service {
  /** A short name for logs and the daemon's start-up lines ("gateway", "api"). */
  String name();

  /**
   * Starts the service and returns once it is ready (a server is listening).
   *
   * @throws RuntimeException with a message a user can act on ("port 8080 is already in use")
   */
  void start();

  /** Stops the service, releasing its threads and ports; waits briefly for work in flight. */
  void stop();
}
