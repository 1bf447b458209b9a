package org.geonas.core.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Reads bz2-compressed Python pickles (NATS-Bench's {@code *.pickle.pbz2}) into plain Java values:
 * dict -> Map, OrderedDict -> LinkedHashMap (insertion order kept), list -> List, tuple -> Object[],
 * str -> String, int -> Integer/Long, float and numpy float scalars -> Double, numpy int scalars -> Long.
 * Safe to call from several threads: each call has its own unpickler.
 */
final class PythonPickles {

    static {
        // Pyrolite's constructor registry is one static map: fill it once, here; class initialization
        // happens-before every read below, so readers on other threads see the complete registry
        IObjectConstructor scalar = PythonPickles::numpyScalar;
        Unpickler.registerConstructor("numpy", "dtype", NumpyDtype::of);
        Unpickler.registerConstructor("numpy.core.multiarray", "scalar", scalar);
        Unpickler.registerConstructor("numpy._core.multiarray", "scalar", scalar); // numpy 2 pickles
        Unpickler.registerConstructor("collections", "OrderedDict", PythonPickles::orderedDict);
    }

    private PythonPickles() {
    }

    /**
     * Decompresses and unpickles one file.
     *
     * @throws java.nio.file.NoSuchFileException if the file is missing
     * @throws IOException if it cannot be read or is not bz2 data (corrupt or truncated)
     * @throws PickleException if the decompressed bytes are not a pickle this reader understands
     */
    static Object read(Path file) throws IOException {
        byte[] packed = Files.readAllBytes(file);
        byte[] pickle;
        try (InputStream in = new BZip2CompressorInputStream(new BytesInput(packed), true)) {
            pickle = in.readAllBytes();
        }
        return new OrderedUnpickler().load(new BytesInput(pickle));
    }

    /** numpy.core.multiarray.scalar(dtype, bytes): the value the raw bytes hold. */
    private static Object numpyScalar(Object[] args) {
        if (args.length != 2 || !(args[0] instanceof NumpyDtype dtype)) {
            throw new PickleException("numpy scalar without (dtype, bytes) arguments");
        }
        if (args[1] instanceof byte[] bytes) {
            return dtype.decode(bytes);
        }
        if (args[1] instanceof String latin1) { // Python 2 pickles carry the bytes as a latin-1 str
            return dtype.decode(latin1.getBytes(StandardCharsets.ISO_8859_1));
        }
        throw new PickleException("numpy scalar with a " + typeName(args[1]) + " payload, expected bytes");
    }

    /** OrderedDict() (filled by SETITEMS afterwards) or OrderedDict([(key, value), ...]). */
    private static Object orderedDict(Object[] args) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args.length == 1 && args[0] instanceof List<?> pairs) {
            for (Object pair : pairs) {
                if (!(pair instanceof Object[] kv) || kv.length != 2) {
                    throw new PickleException("OrderedDict item is not a (key, value) pair");
                }
                map.put(kv[0], kv[1]);
            }
        } else if (args.length != 0) {
            throw new PickleException("OrderedDict with " + args.length + " arguments");
        }
        return map;
    }

    private static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    /**
     * Bytes as a stream without ByteArrayInputStream's per-call locking: Pyrolite and the bz2 decoder read
     * byte by byte, so the locks cost more than the reading.
     */
    private static final class BytesInput extends InputStream {
        private final byte[] bytes;
        private int pos;

        BytesInput(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return bytes.length - pos;
        }
    }

    /** Pyrolite's SETITEMS collects the items in a HashMap first and so loses their order; this keeps it. */
    private static final class OrderedUnpickler extends Unpickler {

        @Override
        protected Object dispatch(short key) throws IOException {
            if (key != Opcodes.SETITEMS) {
                return super.dispatch(key);
            }
            List<Object> items = stack.pop_all_since_marker();
            @SuppressWarnings("unchecked")
            Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                dict.put(items.get(i), items.get(i + 1));
            }
            return NO_RETURN_VALUE;
        }
    }

    /**
     * A numpy dtype as pickled: {@code dtype('f8', False, True)}, then BUILD with its state tuple
     * {@code (version, byteorder, ...)}. Public with a public {@code __setstate__} because Pyrolite
     * calls it by reflection.
     */
    public static final class NumpyDtype {

        private final char kind;
        private final int size;
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        private NumpyDtype(char kind, int size) {
            this.kind = kind;
            this.size = size;
        }

        static NumpyDtype of(Object[] args) {
            if (args.length == 0 || !(args[0] instanceof String code) || code.length() < 2) {
                throw new PickleException("numpy dtype without a type code");
            }
            try {
                return new NumpyDtype(code.charAt(0), Integer.parseInt(code.substring(1)));
            } catch (NumberFormatException e) {
                throw new PickleException("numpy dtype '" + code + "' is not supported (expected kind and size,"
                        + " e.g. f8)");
            }
        }

        /** BUILD: the state's second item is the byte order ('<' little, '>' big, '|' or '=' as written). */
        public void __setstate__(Object[] state) {
            if (state.length > 1 && ">".equals(state[1])) {
                order = ByteOrder.BIG_ENDIAN;
            }
        }

        Object decode(byte[] bytes) {
            if (bytes.length != size) {
                throw new PickleException("numpy " + kind + size + " scalar with " + bytes.length + " bytes");
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(order);
            return switch (kind) {
                case 'f' -> floating(buf);
                case 'i' -> signed(buf);
                case 'u' -> unsigned(buf);
                case 'b' -> bytes[0] != 0;
                default -> throw unsupported();
            };
        }

        private double floating(ByteBuffer buf) {
            return switch (size) {
                case 8 -> buf.getDouble();
                case 4 -> buf.getFloat();
                default -> throw unsupported();
            };
        }

        private long signed(ByteBuffer buf) {
            return switch (size) {
                case 8 -> buf.getLong();
                case 4 -> buf.getInt();
                case 2 -> buf.getShort();
                case 1 -> buf.get();
                default -> throw unsupported();
            };
        }

        private long unsigned(ByteBuffer buf) {
            return switch (size) {
                case 8 -> buf.getLong(); // values past 2^63 wrap; benchmark figures never get there
                case 4 -> Integer.toUnsignedLong(buf.getInt());
                case 2 -> Short.toUnsignedLong(buf.getShort());
                case 1 -> Byte.toUnsignedLong(buf.get());
                default -> throw unsupported();
            };
        }

        private PickleException unsupported() {
            return new PickleException("numpy dtype " + kind + size + " is not supported");
        }
    }
}
