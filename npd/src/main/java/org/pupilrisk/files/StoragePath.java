package org.pupilrisk.files;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A path on a Hadoop filesystem ({@link Storage}): '/'-separated names, absolute or relative. */
public final class StoragePath implements Path {

    private final StorageFileSystem fs;
    private final boolean absolute;
    private final List<String> names;

    StoragePath(StorageFileSystem fs, String path) {
        this(fs, path.startsWith("/"), split(path));
    }

    private StoragePath(StorageFileSystem fs, boolean absolute, List<String> names) {
        this.fs = fs;
        this.absolute = absolute;
        this.names = List.copyOf(names);
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String n : path.split("/")) {
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    /** Hadoop's form of this path (absolute). */
    org.apache.hadoop.fs.Path hadoop() {
        return new org.apache.hadoop.fs.Path(toAbsolutePath().toUri());
    }

    @Override
    public StorageFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return absolute;
    }

    @Override
    public Path getRoot() {
        return absolute ? new StoragePath(fs, true, List.of()) : null;
    }

    @Override
    public Path getFileName() {
        return names.isEmpty() ? null : new StoragePath(fs, false, List.of(names.get(names.size() - 1)));
    }

    @Override
    public Path getParent() {
        if (names.isEmpty() || (!absolute && names.size() == 1)) {
            return null;
        }
        return new StoragePath(fs, absolute, names.subList(0, names.size() - 1));
    }

    @Override
    public int getNameCount() {
        return names.size();
    }

    @Override
    public Path getName(int index) {
        return new StoragePath(fs, false, List.of(names.get(index)));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return new StoragePath(fs, false, names.subList(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return other instanceof StoragePath o && o.fs.equals(fs) && o.absolute == absolute
                && o.names.size() <= names.size() && names.subList(0, o.names.size()).equals(o.names);
    }

    @Override
    public boolean endsWith(Path other) {
        if (!(other instanceof StoragePath o) || !o.fs.equals(fs) || o.names.size() > names.size()) {
            return false;
        }
        if (o.absolute) {
            return equals(o);
        }
        return names.subList(names.size() - o.names.size(), names.size()).equals(o.names);
    }

    @Override
    public Path normalize() {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals(".")) {
                continue;
            }
            if (n.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
            } else if (!(n.equals("..") && absolute)) {
                out.add(n);
            }
        }
        return new StoragePath(fs, absolute, out);
    }

    @Override
    public Path resolve(Path other) {
        if (other.isAbsolute()) {
            return other;
        }
        List<String> more = other instanceof StoragePath o ? o.names : split(other.toString().replace(File.separatorChar, '/'));
        List<String> all = new ArrayList<>(names);
        all.addAll(more);
        return new StoragePath(fs, absolute, all);
    }

    @Override
    public Path relativize(Path other) {
        if (!(other instanceof StoragePath o) || !o.fs.equals(fs) || o.absolute != absolute) {
            throw new IllegalArgumentException(other + " is not on " + fs.root());
        }
        int common = 0;
        while (common < names.size() && common < o.names.size() && names.get(common).equals(o.names.get(common))) {
            common++;
        }
        List<String> out = new ArrayList<>();
        for (int i = common; i < names.size(); i++) {
            out.add("..");
        }
        out.addAll(o.names.subList(common, o.names.size()));
        return new StoragePath(fs, false, out);
    }

    @Override
    public URI toUri() {
        try {
            URI root = fs.root();
            return new URI(root.getScheme(), root.getAuthority(), "/" + String.join("/", toAbsolutePath().names), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public StoragePath toAbsolutePath() {
        if (absolute) {
            return this;
        }
        StoragePath wd = new StoragePath(fs, fs.hadoop().getWorkingDirectory().toUri().getPath());
        return (StoragePath) wd.resolve(this);
    }

    @Override
    public Path toRealPath(LinkOption... options) {
        return toAbsolutePath().normalize();
    }

    @Override
    public File toFile() {
        throw new UnsupportedOperationException(this + " is not on the local disk");
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("watching " + this);
    }

    @Override
    public int compareTo(Path other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoragePath p && p.fs.equals(fs) && p.absolute == absolute && p.names.equals(names);
    }

    @Override
    public int hashCode() {
        return fs.hashCode() * 31 + Arrays.hashCode(names.toArray()) + (absolute ? 1 : 0);
    }

    /** The full URI for an absolute path ({@code hdfs://namenode:8020/pop}), the names for a relative one. */
    @Override
    public String toString() {
        if (!absolute) {
            return String.join("/", names);
        }
        String root = fs.root().toString();
        return root.substring(0, root.length() - 1) + "/" + String.join("/", names);
    }
}
