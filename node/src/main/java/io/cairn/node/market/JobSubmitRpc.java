package io.cairn.node.market;

import io.cairn.chain.ChainClient;
import io.cairn.chain.JobPosting;
import io.cairn.chain.JobRequirements;
import io.cairn.chain.MarketJob;
import io.cairn.compute.Engine;
import io.cairn.compute.JobSpec;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.chain.ChainRpc;
import io.cairn.node.rpc.Bodies;
import io.cairn.storage.Block;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code job/submit} with {@code market}: stores the spec of the body (pinned, so providers and
 * verifiers fetch it from this node) and posts it by its CID with the price escrowed.
 */
final class JobSubmitRpc implements ApiCommand {
  private static final String FILE_ARGUMENT = "spec";

  /** The result's deadline when none is given, in blocks after posting. */
  static final long DEFAULT_DEADLINE_BLOCKS = 100;

  private static final int MAX_SPEC_BYTES = 1 << 20;

  @Override
  public String path() {
    return "job/submit";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws IOException {
    if (!req.flag(false, "market")) {
      throw ApiException.client(
          "job submit posts to the compute market (--market); 'job run' runs a job on this node");
    }
    ChainClient c = ChainRpc.client(node);
    JobSpec spec = spec(req.requiredBody(FILE_ARGUMENT));
    BigInteger price =
        req.option("price")
            .map(v -> ChainRpc.amount(req, "price", BigInteger.ZERO))
            .orElseThrow(() -> ApiException.client("job submit --market needs --price"));
    boolean wasm = spec.engine() == Engine.WASM;
    int verifiers = req.number("verifiers").map(Long::intValue).orElse(wasm ? 1 : 0);
    long window = req.number("window").orElse((long) c.compute().params().minChallengeBlocks());
    long deadline = req.number("deadline").orElse(DEFAULT_DEADLINE_BLOCKS);
    JobRequirements needs =
        new JobRequirements(
            wasm ? JobRequirements.ENGINE_WASM : JobRequirements.ENGINE_CUDA,
            req.number("cpu").map(Long::intValue).orElse(1),
            req.number("memory").orElse(spec.limits().memoryBytes()),
            "",
            0,
            req.option("energy").orElse(""));
    node.storage().blocks().put(new Block(spec.cid(), spec.toDagCbor()));
    node.storage().pins().add(spec.cid(), false, "market job spec");
    // Announced now, or once the network is up when it is still starting.
    node.provideWritten(
        node.network(), (n, beforeStart) -> n.provide(java.util.List.of(spec.cid().multihash())));
    String token = req.flag(false, "native") ? null : c.deployment().token();
    MarketJob j;
    try {
      j =
          c.compute()
              .post(
                  new JobPosting(
                      spec.cid().bytes(), needs, price, token, deadline, window, verifiers));
    } catch (IllegalArgumentException e) {
      throw ApiException.client("job submit --market: " + e.getMessage());
    }
    node.market().ifPresent(MarketService::posted);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", j.id().toString());
    m.put("Spec", spec.cid().toString());
    m.put("Price", j.price().toString());
    m.put("Token", j.nativeCurrency() ? "native" : j.token());
    m.put("DeadlineBlock", j.deadlineBlock());
    m.put("Verifiers", j.verifiers());
    res.emit(m);
  }

  private static JobSpec spec(java.util.Iterator<BodyPart> body) throws IOException {
    byte[] json;
    try {
      json =
          Bodies.read(
              body.next(),
              MAX_SPEC_BYTES,
              "the job spec is larger than " + MAX_SPEC_BYTES + " bytes");
    } catch (IllegalArgumentException e) {
      throw ApiException.client(e.getMessage());
    }
    try {
      return JobSpec.fromJson(new String(json, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw ApiException.client("invalid job spec: " + e.getMessage());
    }
  }
}
