package org.geonas.core.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Reads a Python pickle of plain values and numpy arrays as Python 2 and 3 write them with protocols 2
 * to 5, from numpy 1 or 2: dict -> Map, list -> List, tuple -> Object[], str -> String, bytes -> byte[],
 * int -> Integer/Long/BigInteger, numpy array -> {@link NumpyArray}.
 *
 * <p>numpy pickles an array in one of two ways. Up to protocol 4: {@code _reconstruct(ndarray, (0,),
 * b'b')}, then BUILD with the state {@code (version, shape, dtype, fortran_order, raw_bytes)}; the raw
 * bytes are a {@code bytes} object (protocols 3, 4), a Python 2 {@code str}, or, from Python 3 with
 * protocol 2, {@code _codecs.encode(text, 'latin1')} where the text's code points are the bytes. Protocol
 * 5: {@code _frombuffer(bytearray, dtype, shape, order)}. The dtype is {@code dtype('u1', False, True)}
 * then BUILD with {@code (3, '|', ...)}, whose second item is the byte order.
 *
 * <p>Only those globals are resolved; any other is an error, so a file cannot make this reader build
 * anything else. Every length in the stream is checked against what is left of the file before
 * anything is allocated, so a corrupt length is an error and never an attempt at a huge array.
 *
 * <p>With {@code skim}, payloads of {@link #SKIM_BYTES} or more are stepped over instead of kept:
 * arrays then know their type, shape and byte count but hold no bytes, which is all a file check
 * needs. Text payloads (Python 3, protocol 2) are still read to count their code points.
 */
final class NumpyUnpickler extends Unpickler {

    /** Payloads at least this long are arrays' bytes; keys, type codes and byte orders are far shorter. */
    static final int SKIM_BYTES = 256;

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** numpy.ndarray: only ever an argument of _reconstruct. */
    private static final IObjectConstructor NDARRAY = args -> {
        throw new PickleException("numpy.ndarray is called directly, not through _reconstruct");
    };

    private final FileInput in;
    private final boolean skim;

    private NumpyUnpickler(FileInput in, boolean skim) {
        this.in = in;
        this.skim = skim;
    }

    /**
     * Unpickles one file.
     *
     * @throws EOFException when the file ends before the pickle does (the message says where)
     * @throws IOException when the file cannot be read
     * @throws RuntimeException (a {@link PickleException} or a cast or stack failure) when the bytes are
     *     not a pickle of plain values and numpy arrays
     */
    static Object load(Path file, boolean skim) throws IOException {
        try (FileInput in = FileInput.open(file)) {
            try {
                return new NumpyUnpickler(in, skim).load(in);
            } catch (EOFException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Pyrolite reports running out of bytes as a plain IOException, and an opcode cut short
                // may fail on what it did get: at the file's end either means the file is cut short
                if (in.remaining() == 0) {
                    throw new EOFException("the pickle ends early, at the file's end (byte " + in.size() + ")");
                }
                throw e;
            }
        }
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = line();
                String name = line();
                stack.add(global(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(global(String.valueOf(module), String.valueOf(name)));
            }
            case Opcodes.INST -> throw new PickleException("old-style class instances (INST) are no part of a numpy "
                    + "array pickle");
            case Opcodes.BUILD -> build();
            case Opcodes.BINSTRING -> stack.add(payload(length4(true), Form.PYTHON2_STR));
            case Opcodes.BINBYTES -> stack.add(payload(length4(false), Form.BYTES));
            case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> stack.add(payload(length8(), Form.BYTES));
            case Opcodes.BINUNICODE -> stack.add(payload(length4(false), Form.UTF8_TEXT));
            case Opcodes.BINUNICODE8 -> stack.add(payload(length8(), Form.UTF8_TEXT));
            case Opcodes.LONG4 -> {
                long length = length4(true);
                in.require(length);
                stack.add(PickleUtils.decode_long(PickleUtils.readbytes(input, (int) length)));
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    /** A line ended by '\n', as GLOBAL writes its names (Pyrolite's readline takes a cut-off one as whole). */
    private String line() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the file ends at byte " + in.size() + ", inside the name of a Python object");
            }
            if (text.length() > SKIM_BYTES) {
                throw new PickleException("a Python object's name of more than " + SKIM_BYTES + " characters");
            }
            text.append((char) b);
        }
        return text.toString();
    }

    /** The few globals a pickled numpy array refers to. */
    private static IObjectConstructor global(String module, String name) {
        return switch (module + "." + name) {
            case "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct" ->
                    NumpyUnpickler::reconstruct;
            case "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer" -> NumpyUnpickler::fromBuffer;
            case "numpy.ndarray" -> NDARRAY;
            case "numpy.dtype" -> NumpyDtype::of;
            case "_codecs.encode" -> NumpyUnpickler::encode;
            default -> throw new PickleException("it refers to the Python object " + module + "." + name
                    + ", which is no part of a pickled numpy array");
        };
    }

    private void build() {
        Object state = stack.pop();
        Object target = stack.peek();
        if (!(state instanceof Object[] tuple)) {
            throw new PickleException("BUILD with a " + pythonType(state) + " state, expected a tuple");
        }
        if (target instanceof NumpyDtype dtype) {
            dtype.setState(tuple);
        } else if (target instanceof NumpyArray array) {
            array.setState(tuple);
        } else {
            throw new PickleException("BUILD of a " + pythonType(target) + ", expected a numpy array or dtype");
        }
    }

    /** _reconstruct(ndarray, (0,), b'b'): an empty array that the following BUILD fills. */
    private static Object reconstruct(Object[] args) {
        if (args.length != 3 || args[0] != NDARRAY) {
            throw new PickleException("numpy _reconstruct of something other than an ndarray");
        }
        return new NumpyArray();
    }

    /** _frombuffer(buffer, dtype, shape, order): protocol 5's array. */
    private static Object fromBuffer(Object[] args) {
        if (args.length != 4 || !(args[1] instanceof NumpyDtype dtype)) {
            throw new PickleException("numpy _frombuffer without (buffer, dtype, shape, order) arguments");
        }
        NumpyArray array = new NumpyArray();
        array.set(dtype, shapeOf(args[2]), "F".equals(args[3]), Payload.of(args[0]));
        return array;
    }

    /** _codecs.encode(text, 'latin1'): Python 3's protocol-2 form of bytes, the code points as bytes. */
    private static Object encode(Object[] args) {
        if (args.length != 2 || !(args[1] instanceof String encoding)
                || !Arrays.asList("latin1", "latin-1", "iso-8859-1").contains(encoding.toLowerCase(Locale.ROOT))) {
            throw new PickleException("_codecs.encode other than of text to latin1");
        }
        if (args[0] instanceof String text) {
            return Payload.latin1(text).bytes();
        }
        if (args[0] instanceof Payload payload) { // long text, decoded to its bytes as it was read
            return payload;
        }
        throw new PickleException("_codecs.encode of a " + pythonType(args[0]));
    }

    /** How a length-prefixed payload's bytes are to be taken. */
    private enum Form {
        /** bytes or bytearray. */
        BYTES,
        /** Python 2's str: bytes, read as latin-1 text (as Python 3 loads it with encoding='latin1'). */
        PYTHON2_STR,
        /** Python 3's str, UTF-8 in the file. */
        UTF8_TEXT
    }

    /**
     * A payload: short ones as Pyrolite gives them (byte[] or String), long ones as a {@link Payload} of
     * their bytes, or of the latin-1 code points of a long text; stepped over when skimming.
     */
    private Object payload(long length, Form form) throws IOException {
        in.require(length);
        if (length < SKIM_BYTES) {
            byte[] b = new byte[(int) length];
            in.readExactly(b, 0, b.length);
            return switch (form) {
                case BYTES -> b;
                case PYTHON2_STR -> new String(b, StandardCharsets.ISO_8859_1);
                case UTF8_TEXT -> new String(b, StandardCharsets.UTF_8);
            };
        }
        if (length > MAX_ARRAY) {
            throw new PickleException("a payload of " + length + " bytes is more than one array can hold");
        }
        if (form == Form.UTF8_TEXT) {
            return latin1Text((int) length);
        }
        if (skim) {
            in.skipExactly(length);
            return new Payload(length, null);
        }
        byte[] b = new byte[(int) length];
        in.readExactly(b, 0, b.length);
        return new Payload(length, b);
    }

    /**
     * A long UTF-8 text whose code points are all below 256, as the bytes they stand for: each is one
     * UTF-8 byte (below 0x80) or two (lead 0xC2 or 0xC3). Read in chunks; with skim only counted.
     */
    private Payload latin1Text(int utf8Length) throws IOException {
        byte[] out = skim ? null : new byte[utf8Length];
        byte[] chunk = new byte[Math.min(utf8Length, 1 << 16)];
        int n = 0;
        int lead = -1;
        for (int left = utf8Length; left > 0;) {
            int got = Math.min(chunk.length, left);
            in.readExactly(chunk, 0, got);
            left -= got;
            for (int k = 0; k < got; k++) {
                int b = chunk[k] & 0xFF;
                int value;
                if (lead >= 0) {
                    if ((b & 0xC0) != 0x80) {
                        throw notLatin1(utf8Length);
                    }
                    value = (lead & 0x1F) << 6 | b & 0x3F;
                    lead = -1;
                } else if (b < 0x80) {
                    value = b;
                } else if (b == 0xC2 || b == 0xC3) {
                    lead = b;
                    continue;
                } else {
                    throw notLatin1(utf8Length);
                }
                if (out != null) {
                    out[n] = (byte) value;
                }
                n++;
            }
        }
        if (lead >= 0) {
            throw notLatin1(utf8Length);
        }
        return new Payload(n, out == null ? null : Arrays.copyOf(out, n));
    }

    private static PickleException notLatin1(int length) {
        return new PickleException("a text of " + length + " UTF-8 bytes has characters beyond latin-1, so it is not "
                + "an array's bytes");
    }

    /** BINSTRING's and LONG4's lengths are signed, BINBYTES' and BINUNICODE's unsigned. */
    private long length4(boolean signed) throws IOException {
        byte[] b = new byte[4];
        in.readExactly(b, 0, 4);
        int v = PickleUtils.bytes_to_integer(b);
        if (signed && v < 0) {
            throw new PickleException("negative length " + v + " (corrupt file?)");
        }
        return Integer.toUnsignedLong(v);
    }

    private long length8() throws IOException {
        byte[] b = new byte[8];
        in.readExactly(b, 0, 8);
        long v = PickleUtils.bytes_to_long(b, 0);
        if (v < 0) {
            throw new PickleException("negative length " + v + " (corrupt file?)");
        }
        return v;
    }

    private static long[] shapeOf(Object tuple) {
        if (!(tuple instanceof Object[] dims)) {
            throw new PickleException("numpy array shape is a " + pythonType(tuple) + ", expected a tuple");
        }
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (!(dims[i] instanceof Integer || dims[i] instanceof Long) || ((Number) dims[i]).longValue() < 0) {
                throw new PickleException("numpy array shape " + Arrays.deepToString(dims) + " is not a tuple of "
                        + "sizes");
            }
            shape[i] = ((Number) dims[i]).longValue();
        }
        return shape;
    }

    /** The Python type a value came from, for messages. */
    static String pythonType(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Map<?, ?>) {
            return "dict";
        }
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof Object[]) {
            return "tuple";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof byte[] || value instanceof Payload) {
            return "bytes";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Number) {
            return "int";
        }
        if (value instanceof NumpyArray) {
            return "numpy array";
        }
        if (value instanceof NumpyDtype) {
            return "numpy dtype";
        }
        return value.getClass().getSimpleName();
    }

    /**
     * An array's bytes, or with skim only their count ({@code bytes} null).
     *
     * @param length how many bytes
     * @param bytes the bytes, null when they were stepped over
     */
    record Payload(long length, byte[] bytes) {

        /** What an array's raw data was pickled as: bytes, Python 2 str, or a long payload. */
        static Payload of(Object raw) {
            if (raw instanceof Payload payload) {
                return payload;
            }
            if (raw instanceof byte[] bytes) {
                return new Payload(bytes.length, bytes);
            }
            if (raw instanceof String text) {
                return latin1(text);
            }
            throw new PickleException("numpy array data is a " + pythonType(raw)
                    + (raw instanceof List<?> ? " (an array of Python objects?)" : "") + ", expected bytes");
        }

        static Payload latin1(String text) {
            byte[] bytes = new byte[text.length()];
            for (int i = 0; i < bytes.length; i++) {
                char c = text.charAt(i);
                if (c > 0xFF) {
                    throw new PickleException("text with characters beyond latin-1 where bytes were expected");
                }
                bytes[i] = (byte) c;
            }
            return new Payload(bytes.length, bytes);
        }
    }

    /** numpy.dtype(code, align, copy), completed by BUILD with its byte order. */
    static final class NumpyDtype {
        private final String code;
        private String byteOrder = "|";

        private NumpyDtype(String code) {
            this.code = code;
        }

        static Object of(Object[] args) {
            if (args.length == 0 || !(args[0] instanceof String code)) {
                throw new PickleException("numpy dtype without a type code");
            }
            return new NumpyDtype(code);
        }

        void setState(Object[] state) {
            if (state.length > 1 && state[1] instanceof String order) {
                byteOrder = order;
            }
        }

        /** The type code as pickled, e.g. {@code u1} (uint8) or {@code f8} (float64). */
        String code() {
            return code;
        }

        /** '|' (not applicable), '<' little-endian, '>' big-endian or '=' native. */
        String byteOrder() {
            return byteOrder;
        }
    }

    /**
     * A pickled numpy array. Mutable because protocols up to 4 create it empty and fill it in a
     * later BUILD, and the pickle's memo may hand out the same object in between.
     */
    static final class NumpyArray {
        private NumpyDtype dtype;
        private long[] shape;
        private boolean fortranOrder;
        private Payload data;

        /** Whether BUILD (or _frombuffer) gave it its content. */
        boolean built() {
            return data != null;
        }

        NumpyDtype dtype() {
            return dtype;
        }

        long[] shape() {
            return shape.clone();
        }

        /** Column-major bytes (numpy's order 'F'), else row-major. */
        boolean fortranOrder() {
            return fortranOrder;
        }

        Payload data() {
            return data;
        }

        /** numpy's __setstate__: (version, shape, dtype, fortran_order, data), or the same without version. */
        void setState(Object[] state) {
            int at = state.length == 5 ? 1 : state.length == 4 ? 0 : -1;
            if (at < 0 || !(state[at + 1] instanceof NumpyDtype type)) {
                throw new PickleException("numpy array state is not (version, shape, dtype, fortran_order, data)");
            }
            Object fortran = state[at + 2];
            set(type, shapeOf(state[at]), Boolean.TRUE.equals(fortran)
                    || fortran instanceof Number n && n.intValue() != 0, Payload.of(state[at + 3]));
        }

        void set(NumpyDtype type, long[] dims, boolean fortran, Payload bytes) {
            this.dtype = type;
            this.shape = dims;
            this.fortranOrder = fortran;
            this.data = bytes;
        }
    }

    /**
     * A file as a stream that knows how much of it is left, so every length can be checked before
     * anything is allocated, and that skips by seeking. Unsynchronized: the unpickler reads it byte
     * by byte.
     */
    private static final class FileInput extends InputStream {
        private final SeekableByteChannel channel;
        private final long size;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).flip();
        /** Position in the file of the next byte handed out. */
        private long position;

        private FileInput(SeekableByteChannel channel, long size) {
            this.channel = channel;
            this.size = size;
        }

        static FileInput open(Path file) throws IOException {
            SeekableByteChannel channel = Files.newByteChannel(file);
            try {
                return new FileInput(channel, channel.size());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        long size() {
            return size;
        }

        long remaining() {
            return size - position;
        }

        /** Checks that {@code length} more bytes are there. */
        void require(long length) throws EOFException {
            if (length > remaining()) {
                throw new EOFException("a payload of " + length + " bytes at byte " + position
                        + " runs past the end of the file (" + size + " bytes)");
            }
        }

        @Override
        public int read() throws IOException {
            if (!buffer.hasRemaining() && !fill()) {
                return -1;
            }
            position++;
            return buffer.get() & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!buffer.hasRemaining()) {
                if (len >= buffer.capacity()) { // a long read goes straight to the array
                    int got = channel.read(ByteBuffer.wrap(b, off, len));
                    if (got > 0) {
                        position += got;
                    }
                    return got;
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            position += n;
            return n;
        }

        void readExactly(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int got = read(b, off, len);
                if (got < 0) {
                    throw new EOFException("the file ends at byte " + size + ", " + len + " bytes short of a value");
                }
                off += got;
                len -= got;
            }
        }

        void skipExactly(long n) throws IOException {
            require(n);
            int fromBuffer = (int) Math.min(n, buffer.remaining());
            buffer.position(buffer.position() + fromBuffer);
            position += fromBuffer;
            if (n > fromBuffer) { // the buffer is empty now, so the channel stands at position
                position += n - fromBuffer;
                channel.position(position);
            }
        }

        private boolean fill() throws IOException {
            buffer.clear();
            int got = channel.read(buffer);
            buffer.flip();
            return got > 0;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
