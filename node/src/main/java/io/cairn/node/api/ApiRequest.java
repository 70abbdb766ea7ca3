package io.cairn.node.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubo RPC request: the command path ({@code pin/ls}), positional arguments ({@code arg=} query
 * parameters over HTTP), options by name, and for commands that take files a body of entries (an
 * HTTP multipart body, or files read straight from disk when no daemon runs).
 *
 * @param body the files, in upload order; empty when the request has none
 * @param cancellation fires when the caller gives up or the request's deadline passes; a request
 *     built without one is never cancelled
 */
public record ApiRequest(
    String path,
    List<String> arguments,
    Map<String, List<String>> options,
    Iterator<BodyPart> body,
    Cancellation cancellation) {

  public ApiRequest {
    Objects.requireNonNull(path, "path");
    arguments = List.copyOf(arguments);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    options.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    options = Collections.unmodifiableMap(copy);
    body = body == null ? Collections.emptyIterator() : body;
    cancellation = cancellation == null ? new Cancellation() : cancellation;
  }

  /** A request that is never cancelled. */
  public ApiRequest(
      String path,
      List<String> arguments,
      Map<String, List<String>> options,
      Iterator<BodyPart> body) {
    this(path, arguments, options, body, null);
  }

  /** Starts a request to {@code path}. */
  public static Builder to(String path) {
    return new Builder(path);
  }

  /**
   * The value of an option that takes one, given under any of {@code names}.
   *
   * @throws ApiException if it is given more than once under one name, as Kubo refuses it
   */
  public Optional<String> option(String... names) {
    for (String n : names) {
      List<String> v = options.get(n);
      if (v != null && v.size() > 1) {
        throw ApiException.client(
            "expected key " + n + " to have only a single value, received " + goList(v));
      }
      if (v != null && !v.isEmpty()) {
        return Optional.of(v.get(0));
      }
    }
    return Optional.empty();
  }

  /** A list of strings as Go's {@code %v} prints it. */
  private static String goList(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  public String optionOr(String name, String defaultValue) {
    return option(name).orElse(defaultValue);
  }

  /**
   * A boolean option: absent gives {@code defaultValue}; present without a value gives true; else
   * what Go's {@code strconv.ParseBool} reads in the lowercased value, as Kubo parses it ({@code
   * true}, {@code t}, {@code 1}, {@code false}, {@code f}, {@code 0}).
   *
   * @throws ApiException for a value that is not a boolean
   */
  public boolean flag(boolean defaultValue, String... names) {
    Optional<String> v = option(names);
    if (v.isEmpty()) {
      return defaultValue;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "", "true", "t", "1" -> true;
      case "false", "f", "0" -> false;
      default ->
          throw ApiException.client(
              "option '" + names[0] + "' must be a boolean, not \"" + v.get() + "\"");
    };
  }

  /** An optional boolean: empty when not given. */
  public Optional<Boolean> optionalFlag(String... names) {
    return option(names).isEmpty() ? Optional.empty() : Optional.of(flag(false, names));
  }

  /**
   * An integer option.
   *
   * @throws ApiException for a value that is not an integer
   */
  public Optional<Long> number(String... names) {
    Optional<String> v = option(names);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(v.get().strip()));
    } catch (NumberFormatException e) {
      throw ApiException.client(
          "option '" + names[0] + "' must be an integer, not \"" + v.get() + "\"");
    }
  }

  /**
   * The argument at {@code index}, or the client error Kubo gives when a required one is missing.
   */
  public String argument(int index, String name) {
    if (index >= arguments.size()) {
      throw ApiException.client("argument \"" + name + "\" is required");
    }
    return arguments.get(index);
  }

  /**
   * The arguments of a command that takes one or more, or the client error Kubo gives when there is
   * none.
   */
  public List<String> requiredArguments(String name) {
    if (arguments.isEmpty()) {
      throw ApiException.client("argument \"" + name + "\" is required");
    }
    return arguments;
  }

  /**
   * The files of a command that takes one or more, or the client error Kubo gives when the body has
   * none.
   */
  public Iterator<BodyPart> requiredBody(String name) {
    if (!body.hasNext()) {
      throw ApiException.client("argument \"" + name + "\" is required");
    }
    return body;
  }

  /** Builds requests. */
  public static final class Builder {
    private final String path;
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private Iterator<BodyPart> body;

    private Builder(String path) {
      this.path = path;
    }

    public Builder arg(String value) {
      arguments.add(value);
      return this;
    }

    public Builder args(List<String> values) {
      arguments.addAll(values);
      return this;
    }

    /** Sets an option when {@code value} is not null. */
    public Builder option(String name, Object value) {
      if (value != null) {
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(String.valueOf(value));
      }
      return this;
    }

    public Builder body(Iterator<BodyPart> entries) {
      this.body = entries;
      return this;
    }

    public ApiRequest build() {
      return new ApiRequest(path, arguments, options, body);
    }
  }
}
