package org.pupilrisk.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What a path the user types means (no cluster needed: nothing here contacts a filesystem). The reading,
 * writing and renaming on a real HDFS is StandaloneClusterIT's.
 */
class StorageTest {

    @Test
    void aPlainPathIsTheLocalPathItAlwaysWas() {
        assertThat(Storage.path("out/pop")).isEqualTo(Path.of("out/pop"));
        assertThat(Storage.path("/tmp/pop")).isEqualTo(Path.of("/tmp/pop"));
        assertThat(Storage.isRemote(Storage.path("/tmp/pop"))).isFalse();
    }

    @Test
    void aFileUriIsALocalPath() {
        assertThat(Storage.path("file:///tmp/pop")).isEqualTo(Path.of("/tmp/pop"));
    }

    @Test
    void anHdfsUriKeepsItsNamenodeAndPath() {
        Path p = Storage.path("hdfs://namenode:8020/study/pop");
        assertThat(Storage.isRemote(p)).isTrue();
        assertThat(p).hasToString("hdfs://namenode:8020/study/pop");
        assertThat(p.getFileName()).hasToString("pop");
        assertThat(p.getParent()).hasToString("hdfs://namenode:8020/study");
        assertThat(p.resolve("pupils")).hasToString("hdfs://namenode:8020/study/pop/pupils");
        assertThat(p.getParent().resolve(".pop.tmp-42")).hasToString("hdfs://namenode:8020/study/.pop.tmp-42");
        assertThat(Storage.forSpark(p)).isEqualTo("hdfs://namenode:8020/study/pop");
        assertThat(p.toUri().getPort()).isEqualTo(8020);
    }

    @Test
    void containmentComparesPathsOnTheSameFilesystemOnly() {
        Path pop = Storage.path("hdfs://namenode:8020/study/pop");
        assertThat(Storage.path("hdfs://namenode:8020/study/pop/pupils").startsWith(pop)).isTrue();
        assertThat(Storage.path("hdfs://other:8020/study/pop/pupils").startsWith(pop)).isFalse();
        assertThat(Path.of("/study/pop/pupils").startsWith(pop)).isFalse();
        assertThat(pop.relativize(Storage.path("hdfs://namenode:8020/study/pop/pupils/a"))).hasToString("pupils/a");
        assertThat(Storage.path("hdfs://namenode:8020/study/./x/../pop").normalize()).isEqualTo(pop);
    }

    @Test
    void aLocalPathGoesToSparkAsAFileUriSoAClusterDefaultFilesystemCannotCaptureIt() {
        assertThat(Storage.forSpark(Path.of("/tmp/pop"))).isEqualTo("file:/tmp/pop");
        assertThat(Storage.forSpark(Path.of("/no/such/folder with space"))).isEqualTo("file:/no/such/folder with space");
    }

    @Test
    void anS3PathWithoutPortIsItsBucket() {
        Path p = Storage.path("s3a://bucket/pop");
        assertThat(p).hasToString("s3a://bucket/pop");
        assertThat(p.getParent()).hasToString("s3a://bucket/");
    }
}
