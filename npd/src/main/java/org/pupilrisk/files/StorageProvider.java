package org.pupilrisk.files;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.permission.FsAction;

/**
 * The {@link java.nio.file.Files} operations on a {@link StoragePath}, each one call of Hadoop's
 * {@code FileSystem}: open, create, listStatus, mkdirs, delete, rename, getFileStatus, access.
 * Not installed as a system provider: {@link Storage#path} hands out paths that carry it.
 */
final class StorageProvider extends FileSystemProvider {

    @Override
    public String getScheme() {
        return "pupilrisk-hadoop";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        return Storage.path(uri.toString()).getFileSystem();
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        return newFileSystem(uri, Map.of());
    }

    @Override
    public Path getPath(URI uri) {
        return Storage.path(uri.toString());
    }

    private static StoragePath cast(Path p) {
        if (p instanceof StoragePath s) {
            return s;
        }
        throw new java.nio.file.ProviderMismatchException(p + " is not on a Hadoop filesystem");
    }

    private static org.apache.hadoop.fs.FileSystem hadoop(Path p) {
        return cast(p).getFileSystem().hadoop();
    }

    private static FileStatus status(Path p) throws IOException {
        try {
            return hadoop(p).getFileStatus(cast(p).hadoop());
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(p.toString());
        }
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        try {
            return hadoop(path).open(cast(path).hadoop());
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(path.toString());
        }
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> opts = Set.copyOf(Arrays.asList(options));
        StoragePath p = cast(path);
        boolean exists = hadoop(p).exists(p.hadoop());
        if (opts.contains(StandardOpenOption.CREATE_NEW) && exists) {
            throw new FileAlreadyExistsException(path.toString());
        }
        if (!opts.isEmpty() && !exists && !opts.contains(StandardOpenOption.CREATE) && !opts.contains(StandardOpenOption.CREATE_NEW)) {
            throw new NoSuchFileException(path.toString());
        }
        if (opts.contains(StandardOpenOption.APPEND) && exists) {
            return hadoop(p).append(p.hadoop());
        }
        org.apache.hadoop.fs.Path parent = p.hadoop().getParent();
        if (parent != null && !hadoop(p).exists(parent)) {
            // nio never creates parents; Hadoop's create would
            throw new NoSuchFileException(path.toString(), null, "no folder " + parent);
        }
        return hadoop(p).create(p.hadoop(), true);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
            OutputStream out = newOutputStream(path, options.toArray(new OpenOption[0]));
            return new WriteChannel(out);
        }
        long size = status(path).getLen();
        return new ReadChannel((FSDataInputStream) newInputStream(path), size);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        if (!status(dir).isDirectory()) {
            throw new NotDirectoryException(dir.toString());
        }
        List<Path> entries = new ArrayList<>();
        for (FileStatus s : hadoop(dir).listStatus(cast(dir).hadoop())) {
            Path p = dir.resolve(s.getPath().getName());
            if (filter.accept(p)) {
                entries.add(p);
            }
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return entries.iterator();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        StoragePath p = cast(dir);
        if (hadoop(p).exists(p.hadoop())) {
            throw new FileAlreadyExistsException(dir.toString());
        }
        org.apache.hadoop.fs.Path parent = p.hadoop().getParent();
        if (parent != null && !hadoop(p).exists(parent)) {
            throw new NoSuchFileException(dir.toString(), null, "no folder " + parent);
        }
        if (!hadoop(p).mkdirs(p.hadoop())) {
            throw new IOException("cannot create folder " + dir);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        FileStatus s = status(path);
        if (s.isDirectory() && hadoop(path).listStatus(cast(path).hadoop()).length > 0) {
            throw new DirectoryNotEmptyException(path.toString());
        }
        if (!hadoop(path).delete(cast(path).hadoop(), false)) {
            throw new IOException("cannot delete " + path);
        }
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        if (status(source).isDirectory()) {
            throw new IOException("copying folders on " + source.getFileSystem() + " is not supported");
        }
        try (InputStream in = newInputStream(source); OutputStream out = newOutputStream(target)) {
            in.transferTo(out);
        }
    }

    /**
     * Hadoop's rename, atomic on HDFS. As on a local disk, an atomic move or REPLACE_EXISTING replaces an existing
     * file; a folder in the way is replaced only if empty. (Hadoop's own rename would move the source into it.)
     */
    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        List<CopyOption> opts = Arrays.asList(options);
        StoragePath from = cast(source);
        StoragePath to = cast(target);
        status(from);
        if (hadoop(to).exists(to.hadoop())) {
            if (!opts.contains(StandardCopyOption.REPLACE_EXISTING) && !opts.contains(StandardCopyOption.ATOMIC_MOVE)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            delete(to);
        }
        if (!hadoop(from).rename(from.hadoop(), to.hadoop())) {
            throw new IOException("cannot rename " + source + " to " + target);
        }
    }

    @Override
    public boolean isSameFile(Path path, Path path2) {
        return path.toAbsolutePath().normalize().equals(path2.toAbsolutePath().normalize());
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && (name.toString().startsWith(".") || name.toString().startsWith("_"));
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("file stores on " + path.getFileSystem());
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        FileStatus s = status(path);
        for (AccessMode m : modes) {
            FsAction action = switch (m) {
                case READ -> FsAction.READ;
                case WRITE -> FsAction.WRITE;
                case EXECUTE -> FsAction.EXECUTE;
            };
            try {
                hadoop(path).access(s.getPath(), action);
            } catch (org.apache.hadoop.security.AccessControlException e) {
                throw new AccessDeniedException(path.toString(), null, e.getMessage());
            } catch (FileNotFoundException e) {
                throw new NoSuchFileException(path.toString());
            }
        }
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) throws IOException {
        if (!type.isAssignableFrom(Attributes.class)) {
            throw new UnsupportedOperationException(type.getSimpleName() + " on " + path.getFileSystem());
        }
        return (A) new Attributes(status(path));
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        Attributes a = new Attributes(status(path));
        return Map.of("size", a.size(), "isDirectory", a.isDirectory(), "isRegularFile", a.isRegularFile(),
                "lastModifiedTime", a.lastModifiedTime());
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw new UnsupportedOperationException("setting " + attribute + " on " + path);
    }

    private record Attributes(FileStatus s) implements BasicFileAttributes {
        @Override
        public FileTime lastModifiedTime() {
            return FileTime.fromMillis(s.getModificationTime());
        }

        @Override
        public FileTime lastAccessTime() {
            return FileTime.fromMillis(s.getAccessTime());
        }

        @Override
        public FileTime creationTime() {
            return lastModifiedTime();
        }

        @Override
        public boolean isRegularFile() {
            return s.isFile();
        }

        @Override
        public boolean isDirectory() {
            return s.isDirectory();
        }

        @Override
        public boolean isSymbolicLink() {
            return false;
        }

        @Override
        public boolean isOther() {
            return false;
        }

        @Override
        public long size() {
            return s.getLen();
        }

        @Override
        public Object fileKey() {
            return null;
        }
    }

    /** A read-only channel over Hadoop's seekable stream. */
    private static final class ReadChannel implements SeekableByteChannel {
        private final FSDataInputStream in;
        private final long size;
        private boolean open = true;

        ReadChannel(FSDataInputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            byte[] buf = new byte[Math.min(dst.remaining(), 64 * 1024)];
            int n = in.read(buf, 0, buf.length);
            if (n > 0) {
                dst.put(buf, 0, n);
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            return in.getPos();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            in.seek(newPosition);
            return this;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            in.close();
        }
    }

    /** A write-only, append-only channel over Hadoop's output stream. */
    private static final class WriteChannel implements SeekableByteChannel {
        private final OutputStream out;
        private final java.nio.channels.WritableByteChannel ch;
        private long position;

        WriteChannel(OutputStream out) {
            this.out = out;
            this.ch = Channels.newChannel(out);
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new java.nio.channels.NonReadableChannelException();
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = ch.write(src);
            position += n;
            return n;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            throw new UnsupportedOperationException("seeking while writing to a Hadoop filesystem");
        }

        @Override
        public long size() {
            return position;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new UnsupportedOperationException("truncating on a Hadoop filesystem");
        }

        @Override
        public boolean isOpen() {
            return ch.isOpen();
        }

        @Override
        public void close() throws IOException {
            ch.close();
            out.close();
        }
    }
}
