package org.pupilrisk.cli;

import picocli.CommandLine;

/** Versions of the tool and of the libraries whose behaviour shapes the figures (also written to run.json). */
public final class Versions implements CommandLine.IVersionProvider {

    public static String tool() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    public static String spark() {
        try {
            return org.apache.spark.package$.MODULE$.SPARK_VERSION();
        } catch (Throwable e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "pupilrisk " + tool(),
            "Spark " + spark() + ", Java " + System.getProperty("java.version")
        };
    }
}
