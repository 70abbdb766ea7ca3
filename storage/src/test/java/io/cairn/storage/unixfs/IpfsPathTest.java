package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpfsPathTest {
  private static final String CID = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
  private static final String CID_V1 =
      "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

  @Test
  void parsesRootedAndBarePaths() {
    IpfsPath rooted = IpfsPath.parse("/ipfs/" + CID + "/a/b");
    assertThat(rooted.root()).isEqualTo(Cid.parse(CID));
    assertThat(rooted.segments()).containsExactly("a", "b");
    assertThat(IpfsPath.parse(CID + "/a/b")).isEqualTo(rooted);
    assertThat(IpfsPath.parse("/ipld/" + CID + "/a/b")).isEqualTo(rooted);
    assertThat(IpfsPath.parse(CID_V1).segments()).isEmpty();
    assertThat(rooted).hasToString("/ipfs/" + CID + "/a/b");
    assertThat(rooted.lastName()).isEqualTo("b");
    assertThat(IpfsPath.parse(CID).lastName()).isEqualTo(CID);
  }

  @Test
  void cleansPathsAsKuboDoes() {
    assertThat(IpfsPath.parse("/ipfs/" + CID + "//a/./b/../c/").segments())
        .containsExactly("a", "c");
    assertThat(IpfsPath.relativeSegments("/x//y/")).containsExactly("x", "y");
    assertThat(IpfsPath.relativeSegments("")).isEmpty();
    assertThat(IpfsPath.parse("/ipfs/" + CID + "/a b/ü").segments()).containsExactly("a b", "ü");
  }

  @Test
  void rejectsBadPathsWithClearMessages() {
    assertThatThrownBy(() -> IpfsPath.parse("/ipfs"))
        .hasMessage("invalid path \"/ipfs\": path does not have enough components");
    assertThatThrownBy(() -> IpfsPath.parse("/foo/" + CID))
        .hasMessage("invalid path \"/foo/" + CID + "\": unknown namespace: \"foo\"");
    assertThatThrownBy(() -> IpfsPath.parse("/ipns/example.com/a"))
        .hasMessageContaining("IPNS names must be resolved");
    assertThatThrownBy(() -> IpfsPath.parse("/ipfs/notacid/a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid path \"/ipfs/notacid/a\": CID 'notacid' is not valid");
    assertThatThrownBy(() -> IpfsPath.parse(CID + "/../../x"))
        .hasMessageContaining("'..' goes above the root");
    assertThatThrownBy(() -> IpfsPath.relativeSegments("a/\0")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> new IpfsPath(Cid.parse(CID), List.of("a/b")))
        .hasMessageContaining("is not a single link name");
  }
}
