package org.geonas.core.data;

import java.nio.file.Path;

/**
 * A problem with a data file or directory. The message is always one line of the form {@code
 * <path>: <what is wrong>; <how to fix it>}, so it can be shown to a user as is (a log line, a
 * Spark task failure) and tells them what to do without a stack trace.
 */
public final class DataFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Kept as a string: {@link Path} is not serializable and exceptions may cross Spark tasks. */
    private final String path;

    /**
     * @param path the offending file or directory; null when no path was given at all (the message
     *     then is just {@code problemAndFix})
     * @param problemAndFix what is wrong and how to fix it, e.g. {@code "file not found; put ..."}
     */
    public DataFileException(Path path, String problemAndFix) {
        this(path, problemAndFix, null);
    }

    public DataFileException(Path path, String problemAndFix, Throwable cause) {
        super(oneLine(path == null ? problemAndFix : path + ": " + problemAndFix), cause);
        this.path = String.valueOf(path);
    }

    /** The offending file or directory, as given. */
    public String path() {
        return path;
    }

    // Messages may embed text from IOExceptions; keep the one-line promise regardless.
    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
