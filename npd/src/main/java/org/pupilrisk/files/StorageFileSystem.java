package org.pupilrisk.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

/** One Hadoop filesystem ({@code hdfs://namenode:8020}) seen as a {@link FileSystem}; see {@link Storage}. */
final class StorageFileSystem extends FileSystem {

    private final URI root;
    private final StorageProvider provider = new StorageProvider();
    private volatile org.apache.hadoop.fs.FileSystem hadoop;

    StorageFileSystem(URI root) {
        this.root = root;
    }

    /** Scheme and authority with a trailing slash ({@code hdfs://namenode:8020/}). */
    URI root() {
        return root;
    }

    /** Hadoop's (cached, shared) client for this filesystem; never closed here, Spark uses it too. */
    org.apache.hadoop.fs.FileSystem hadoop() {
        org.apache.hadoop.fs.FileSystem fs = hadoop;
        if (fs == null) {
            try {
                fs = org.apache.hadoop.fs.FileSystem.get(root, Storage.configuration());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach " + root + " (" + e.getMessage() + ")", e);
            }
            hadoop = fs;
        }
        return fs;
    }

    @Override
    public StorageProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        // the Hadoop client is shared with Spark and closed by Hadoop's own shutdown hook
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(getPath("/"));
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic");
    }

    @Override
    public StoragePath getPath(String first, String... more) {
        StringBuilder s = new StringBuilder(first);
        for (String m : more) {
            if (!m.isEmpty()) {
                s.append(s.length() == 0 ? "" : "/").append(m);
            }
        }
        return new StoragePath(this, s.toString());
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        throw new UnsupportedOperationException("path matchers on " + root);
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("user principals on " + root);
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("watching " + root);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageFileSystem f && f.root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }
}
