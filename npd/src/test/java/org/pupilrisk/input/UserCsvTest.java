package org.pupilrisk.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's CSV is read as written, or refused with the line or column that is wrong. */
class UserCsvTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void valuesAreTheTextAsWrittenWithQuotesDecoded() throws Exception {
        Path f = file("a.csv", ("\uFEFFcode,town\r\n0123,\"York, \"\"North\"\"\"\r\n123,\"two\nlines\"\r\n,x\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        UserCsv.Table t = UserCsv.read(f, StandardCharsets.UTF_8, "data");
        assertThat(t.header()).containsExactly("code", "town");
        assertThat(t.rows()).hasSize(3);
        assertThat(t.rows().get(0)).containsExactly("0123", "York, \"North\"");
        assertThat(t.rows().get(1)).containsExactly("123", "two\nlines");
        assertThat(t.rows().get(2)).as("an empty field is a missing value").containsExactly(null, "x");
    }

    @Test
    void aFileReadWithItsChecksumHasTheSha256AndSizeOfItsStoredBytes() throws Exception {
        // a byte-order mark, a quoted newline and a trailing blank line: every byte counts, not only the records
        byte[] text = ("\uFEFFcode,town\r\n0123,\"two\nlines\"\r\n,x\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        Path plain = file("c.csv", text);
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(zipped)) {
            z.write(text);
        }
        Path gz = file("c.csv.gz", zipped.toByteArray());
        for (Path f : java.util.List.of(plain, gz)) {
            java.util.List<String[]> rows = new java.util.ArrayList<>();
            UserCsv.Streamed s = UserCsv.streamChecked(f, StandardCharsets.UTF_8, "data", (v, line) -> rows.add(v));
            byte[] stored = Files.readAllBytes(f);
            assertThat(s.bytes()).as(f.toString()).isEqualTo(stored.length);
            assertThat(s.sha256()).as(f.toString()).isEqualTo(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(stored)));
            assertThat(s.header()).containsExactly("code", "town");
            assertThat(rows).hasSize(2);
        }
    }

    @Test
    void aFileOfManyBlocksHasTheSha256OfItsBytesInOrder() throws Exception {
        // about 2 MB: dozens of blocks handed to the hashing thread, so their order shows in the digest
        StringBuilder b = new StringBuilder("id,value\n");
        java.util.Random r = new java.util.Random(14);
        for (int i = 0; i < 100_000; i++) {
            b.append(i).append(',').append(Long.toHexString(r.nextLong())).append('\n');
        }
        Path f = file("big.csv", b.toString().getBytes(StandardCharsets.UTF_8));
        long[] rows = new long[1];
        UserCsv.Streamed s = UserCsv.streamChecked(f, StandardCharsets.UTF_8, "data", (v, line) -> rows[0]++);
        byte[] stored = Files.readAllBytes(f);
        assertThat(rows[0]).isEqualTo(100_000);
        assertThat(s.bytes()).isEqualTo(stored.length);
        assertThat(s.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(stored)));
    }

    @Test
    void aFailedReadLeavesNoHashingThreadBehind() throws Exception {
        StringBuilder b = new StringBuilder("a,b\n");
        for (int i = 0; i < 50_000; i++) {
            b.append(i).append(",x\n");
        }
        b.append("ragged\n");
        Path f = file("ragged.csv", b.toString().getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> UserCsv.streamChecked(f, StandardCharsets.UTF_8, "data", (v, line) -> { }))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 50002");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (hashing() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(hashing()).isFalse();
    }

    private static boolean hashing() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("pupilrisk-input-digest") && t.isAlive());
    }

    @Test
    void aRaggedRowIsNamedByItsFirstLineEvenAfterAQuotedNewline() throws Exception {
        Path f = file("r.csv", "a,b\n1,\"x\ny\"\n2\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> UserCsv.read(f, StandardCharsets.UTF_8, "data"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("data " + f + " line 4: 1 field, but the header has 2 (a ragged row; quote values that contain the delimiter)");
    }

    @Test
    void bytesNotValidInTheEncodingNameTheirLine() throws Exception {
        Path f = file("l.csv", new byte[] {'n', '\n', 'A', '\n', 'J', 'o', 's', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> UserCsv.read(f, StandardCharsets.UTF_8, "data"))
                .hasMessageStartingWith("data " + f + " line 3: bytes that are not valid UTF-8");
        assertThat(UserCsv.read(f, StandardCharsets.ISO_8859_1, "data").rows().get(1)).containsExactly("José");
    }

    @Test
    void duplicateAndUnnamedColumnsAreRefused() throws Exception {
        Path dup = file("d.csv", "Sex,a,Sex\nM,1,F\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> UserCsv.header(dup, StandardCharsets.UTF_8, "data"))
                .hasMessageContaining("column 'Sex' appears twice (columns 1 and 3)");
        Path unnamed = file("u.csv", "a,,b\n1,2,3\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> UserCsv.header(unnamed, StandardCharsets.UTF_8, "data"))
                .hasMessageContaining("column 2 has no name");
    }

    @Test
    void anyNameACsvCanHoldIsAColumnName() throws Exception {
        Path f = file("n.csv", "Post.code,`tick`,\"with, comma\",sp ace\n1,2,3,4\n".getBytes(StandardCharsets.UTF_8));
        assertThat(UserCsv.header(f, StandardCharsets.UTF_8, "data"))
                .containsExactly("Post.code", "`tick`", "with, comma", "sp ace");
    }
}
