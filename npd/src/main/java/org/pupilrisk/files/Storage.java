package org.pupilrisk.files;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * Where a path the user names lives: the local disk or a cluster filesystem (HDFS, S3, ...), reached through
 * Hadoop's {@code FileSystem} API.
 *
 * <p>{@link #path(String)} turns what the user typed into a {@link Path}: a path with a scheme other than
 * {@code file:} ({@code hdfs://namenode:8020/pop}, {@code s3a://bucket/pop}) becomes a path on that Hadoop
 * filesystem ({@link StoragePath}), which the ordinary {@link java.nio.file.Files} calls read, write, list and
 * rename through Hadoop; a plain path means the local disk, as before, unless Hadoop's {@code fs.defaultFS}
 * names another filesystem ({@code core-site.xml} on the classpath or in {@code HADOOP_CONF_DIR}, or
 * spark-submit's {@code --conf spark.hadoop.fs.defaultFS=...}), in which case it means a path there, as it does
 * for Spark. So the checks
 * that inputs exist, the output policy and the atomic write (a temporary sibling, then a rename) run on the
 * filesystem that holds the target, and Spark reads and writes the same location ({@link #forSpark}).
 */
public final class Storage {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");
    private static final Map<String, StorageFileSystem> FILESYSTEMS = new ConcurrentHashMap<>();
    private static volatile Configuration configuration;

    private Storage() {
    }

    /** The path a user names: local for plain paths (unless fs.defaultFS says otherwise) and {@code file:} URIs. */
    public static Path path(String location) {
        if (location == null || location.isBlank()) {
            return Path.of(location == null ? "" : location);
        }
        if (SCHEME.matcher(location).matches()) {
            URI uri = new org.apache.hadoop.fs.Path(location).toUri();
            if ("file".equalsIgnoreCase(uri.getScheme())) {
                return Path.of(uri.getPath());
            }
            return remote(uri);
        }
        String defaultFs = configuration().get("fs.defaultFS", "file:///");
        URI fsUri = URI.create(defaultFs);
        if (fsUri.getScheme() == null || "file".equalsIgnoreCase(fsUri.getScheme())) {
            return Path.of(location);
        }
        try {
            org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.get(fsUri, configuration());
            return remote(fs.makeQualified(new org.apache.hadoop.fs.Path(location)).toUri());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot reach fs.defaultFS " + defaultFs + " for " + location, e);
        }
    }

    /** Whether {@code p} is on a Hadoop filesystem other than the local disk. */
    public static boolean isRemote(Path p) {
        return p instanceof StoragePath;
    }

    /**
     * The location Spark should read or write for {@code p}: a cluster path's full URI, a local path as a
     * {@code file:} URI, so that a cluster whose fs.defaultFS is HDFS still reads a local path locally.
     */
    public static String forSpark(Path p) {
        if (p instanceof StoragePath) {
            return p.toString();
        }
        return new org.apache.hadoop.fs.Path("file", null, p.toAbsolutePath().normalize().toString()).toString();
    }

    /**
     * Hadoop's configuration for the driver's own file operations: the classpath's {@code core-site.xml} and
     * {@code hdfs-site.xml} (spark-submit puts {@code HADOOP_CONF_DIR} on it) plus every {@code spark.hadoop.X}
     * system property as {@code X} (how spark-submit's {@code --conf} and {@code spark-defaults.conf} reach the
     * driver). Read once, before Spark starts: the command line's own {@code --conf} flags reach Spark but not
     * this.
     */
    public static Configuration configuration() {
        Configuration c = configuration;
        if (c == null) {
            synchronized (Storage.class) {
                c = configuration;
                if (c == null) {
                    c = new Configuration();
                    Properties props = System.getProperties();
                    for (String name : props.stringPropertyNames()) {
                        if (name.startsWith("spark.hadoop.")) {
                            c.set(name.substring("spark.hadoop.".length()), props.getProperty(name));
                        }
                    }
                    configuration = c;
                }
            }
        }
        return c;
    }

    private static StoragePath remote(URI uri) {
        String root = uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority());
        StorageFileSystem fs = FILESYSTEMS.computeIfAbsent(root.toLowerCase(java.util.Locale.ROOT),
                k -> new StorageFileSystem(URI.create(root + "/")));
        String p = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        return fs.getPath(p);
    }
}
