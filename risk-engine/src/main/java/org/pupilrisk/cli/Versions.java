package org.pupilrisk.cli;

import org.pupilrisk.engine.RunManifest;
import picocli.CommandLine;

/** {@code pupilrisk --version}: the versions run.json records ({@link RunManifest}). */
public final class Versions implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "pupilrisk " + RunManifest.toolVersion(),
            "Spark " + RunManifest.sparkVersion() + ", Java " + System.getProperty("java.version")
        };
    }
}
