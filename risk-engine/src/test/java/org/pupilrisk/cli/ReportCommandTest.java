package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pupilrisk report}: writes the report and prints its path; bad results give one line and exit 2. */
class ReportCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PupilRisk.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ReportCommandTest.class.getResource("/report/" + name).toURI());
    }

    @Test
    void writesTheReportAndPrintsItsPath(@TempDir Path tmp) throws Exception {
        Path report = tmp.resolve("sub/report.html");
        int code = run("report", "--results", fixture("synthetic").toString(), "--out", report.toString());
        assertThat(code).as(err.toString()).isEqualTo(PupilRisk.EXIT_OK);
        assertThat(out.toString().strip()).isEqualTo(report.toAbsolutePath().normalize().toString());
        assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("Headline findings");
        try (var files = Files.list(report.getParent())) {
            assertThat(files).as("no temporary left behind").containsExactly(report);
        }
    }

    @Test
    void aMalformedRunJsonIsOneLineNamingTheFile(@TempDir Path tmp) throws Exception {
        Path res = Files.createDirectories(tmp.resolve("res"));
        Files.copy(fixture("synthetic").resolve("figures.csv"), res.resolve("figures.csv"));
        Files.writeString(res.resolve("run.json"), "{ not json");
        Path report = tmp.resolve("report.html");
        int code = run("report", "--results", res.toString(), "--out", report.toString());
        assertThat(code).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(err.toString()).startsWith("pupilrisk: " + res.resolve("run.json") + ": not valid JSON").hasLineCount(1);
        assertThat(report).doesNotExist();
    }

    @Test
    void aMissingResultsDirectoryIsOneLine(@TempDir Path tmp) {
        int code = run("report", "--results", tmp.resolve("none").toString(), "--out", tmp.resolve("r.html").toString());
        assertThat(code).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("none: not a directory").hasLineCount(1);
    }

    @Test
    void theLifetimeSectionQuotesTheLifetimeRunsFigures(@TempDir Path tmp) throws Exception {
        Path report = tmp.resolve("report.html");
        int code = run("report", "--results", fixture("synthetic").toString(), "--lifetime", fixture("lifetime").toString(),
                "--out", report.toString());
        assertThat(code).as(err.toString()).isEqualTo(PupilRisk.EXIT_OK);
        String html = Files.readString(report);
        // the fixture's figures.csv: full_school_life median 533 shares, p90 554; 2,905 children; 2,455 shares in ledger.csv;
        // matching 2015-16 return rate 0.22226737 -> 22.2%, published 0.216
        assertThat(html).contains("<section id=\"lifetime\"").contains("A lifetime of shares")
                .contains("holds 2,455 shares").contains("Of the 2,905 children on every census from Reception to Year 11")
                .contains("<strong>533 shares</strong> (90th percentile 554")
                .contains("returned <strong>22.2%</strong> (published: 21.6%)")
                .contains("How many shares included each child");
    }

    @Test
    void aLifetimeDirectoryWithoutFiguresIsOneLineAndExitTwo(@TempDir Path tmp) throws Exception {
        int code = run("report", "--results", fixture("synthetic").toString(), "--lifetime", tmp.toString(),
                "--out", tmp.resolve("r.html").toString());
        assertThat(code).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(err.toString().strip()).isEqualTo("pupilrisk: --lifetime " + tmp + ": no figures.csv (write it with pupilrisk lifetime)");
        assertThat(tmp.resolve("r.html")).doesNotExist();
    }
}
