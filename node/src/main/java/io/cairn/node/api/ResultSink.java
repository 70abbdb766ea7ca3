package io.cairn.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;

/** Receives a command's result on the calling side, wherever the command ran. */
public interface ResultSink {
  /** One emitted value, as JSON. */
  void value(JsonNode value);

  /** Where raw output goes; called once, when the command starts raw output. */
  OutputStream binary(long length);
}
