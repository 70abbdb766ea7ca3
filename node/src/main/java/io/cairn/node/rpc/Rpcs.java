package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiCommands;
import java.util.List;

/** Every command of the RPC API, at Kubo's paths. */
public final class Rpcs {
  private Rpcs() {}

  public static ApiCommands all() {
    List<ApiCommand> all =
        new java.util.ArrayList<>(
            List.of(
                new AddRpc(),
                new CatRpc(),
                new GetRpc(),
                new LsRpc(),
                new RefsRpc(),
                new RefsLocalRpc("refs/local"),
                new PinAddRpc(),
                new PinRmRpc(),
                new PinLsRpc(),
                new PinVerifyRpc(),
                new PinUpdateRpc(),
                new PinRemoteAddRpc(),
                new PinRemoteLsRpc(),
                new PinRemoteRmRpc(),
                new PinRemoteServiceAddRpc(),
                new PinRemoteServiceLsRpc(),
                new PinRemoteServiceRmRpc(),
                new BlockGetRpc(),
                new BlockPutRpc(),
                new BlockStatRpc(),
                new BlockRmRpc(),
                new DagPutRpc(),
                new DagGetRpc(),
                new DagResolveRpc(),
                new ResolveRpc(),
                new DagExportRpc(),
                new DagImportRpc(),
                new DagStatRpc(),
                new RepoGcRpc(),
                new RepoStatRpc("repo/stat"),
                new RepoStatRpc("stats/repo"),
                new RepoVerifyRpc(),
                new RepoVersionRpc(),
                new FilestoreLsRpc(),
                FilestoreLsRpc.verify(),
                new FilestoreDupsRpc(),
                new RefsLocalRpc("repo/ls"),
                new ConfigRpc(),
                new BootstrapListRpc("bootstrap"),
                new BootstrapListRpc("bootstrap/list"),
                new BootstrapAddRpc(),
                new BootstrapRmRpc("bootstrap/rm"),
                new BootstrapRmRpc("bootstrap/rm/all"),
                new KeyGenRpc(),
                new KeyListRpc("key/ls"),
                new KeyListRpc("key/list"),
                new KeyRmRpc(),
                new KeyRenameRpc(),
                new KeySignRpc(),
                new KeyVerifyRpc(),
                new KeyImportRpc(),
                new NamePublishRpc(),
                new NameResolveRpc(),
                new NameInspectRpc(),
                new ConfigShowRpc(),
                new ConfigReplaceRpc(),
                new ConfigProfileApplyRpc(),
                new IdRpc(),
                new CidFormatRpc(),
                new CidBase32Rpc(),
                new ShutdownRpc(),
                new VersionRpc()));
    all.addAll(PieceRpcs.all());
    all.addAll(JobRpcs.all());
    all.addAll(P2pRpcs.all());
    all.addAll(PubsubRpcs.all());
    all.addAll(TunnelRpcs.all());
    all.addAll(NamePubsubRpcs.all());
    all.addAll(LogRpcs.all());
    all.addAll(
        List.of(
            new FilesLsRpc(),
            new FilesStatRpc(),
            new FilesReadRpc(),
            new FilesWriteRpc(),
            new FilesMkdirRpc(),
            new FilesCpRpc(),
            new FilesMvRpc(),
            new FilesRmRpc(),
            new FilesFlushRpc(),
            new FilesChcidRpc(),
            new FilesChmodRpc(),
            new FilesTouchRpc(),
            new FilesChrootRpc()));
    all.add(new DiagProfileRpc());
    all.add(new DiagSysRpc());
    all.add(new CommandsRpc());
    all.addAll(DiagCmdsRpcs.all());
    all.addAll(CidListRpcs.all());
    all.addAll(MultibaseRpcs.all());
    all.addAll(ObjectRpcs.all());
    all.addAll(VersionRpcs.all());
    all.addAll(io.cairn.node.chain.ChainRpc.all());
    all.addAll(io.cairn.node.market.MarketRpcs.all());
    return new ApiCommands(all);
  }
}
