package org.pupilrisk.cli;

import org.pupilrisk.engine.BuildInfo;
import picocli.CommandLine;

/** {@code pupilrisk --version}: the versions run.json records ({@link BuildInfo}). */
public final class Versions implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "pupilrisk " + BuildInfo.tool() + " (commit " + BuildInfo.commit() + ")",
            "Spark " + BuildInfo.spark() + ", Java " + System.getProperty("java.version")
        };
    }
}
