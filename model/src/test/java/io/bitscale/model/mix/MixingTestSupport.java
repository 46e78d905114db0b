package io.bitscale.model.mix;

import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Random;

/** Shared helpers: inputs, corpus files, stream round trips and a reflective heap measure. */
final class MixingTestSupport {

    private MixingTestSupport() {
    }

    /** Small inputs that exercise edge cases: empty, one byte, every byte value, runs, text, noise. */
    static byte[][] smallInputs() {
        Random random = new Random(42);
        byte[] noise = new byte[3000];
        random.nextBytes(noise);
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] skewed = new byte[4000];
        for (int i = 0; i < skewed.length; i++) {
            skewed[i] = (byte) (random.nextInt(10) == 0 ? random.nextInt(256) : 'a');
        }
        byte[] text = "the quick brown fox jumps over the lazy dog. The Quick Brown Fox! 0123456789\n"
                .repeat(40).getBytes(StandardCharsets.US_ASCII);
        return new byte[][] {new byte[0], {7}, all, new byte[2000], skewed, text, noise};
    }

    static byte[] compress(PredictorFactory factory, byte[] data) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (BitscaleOutputStream out = new BitscaleOutputStream(sink, factory)) {
            out.write(data);
        }
        return sink.toByteArray();
    }

    static byte[] decompress(byte[] packed) throws IOException {
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(packed), Models.registry())) {
            return in.readAllBytes();
        }
    }

    /**
     * Heap bytes reachable from {@code root} through instance fields: arrays by length and element
     * size plus a 16-byte header, objects by a 12-byte header and their fields. Static fields
     * (shared, immutable tables) are not counted.
     */
    static long deepSize(Object root) {
        return deepSize(root, new IdentityHashMap<>());
    }

    private static long deepSize(Object object, IdentityHashMap<Object, Boolean> seen) {
        if (object == null || seen.put(object, Boolean.TRUE) != null) {
            return 0;
        }
        Class<?> type = object.getClass();
        if (type.isArray()) {
            int length = Array.getLength(object);
            Class<?> component = type.getComponentType();
            if (component.isPrimitive()) {
                return 16 + (long) length * primitiveBytes(component);
            }
            long size = 16 + 4L * length;
            for (int i = 0; i < length; i++) {
                size += deepSize(Array.get(object, i), seen);
            }
            return size;
        }
        if (type.getName().startsWith("java.") && !type.getName().startsWith("java.util.")) {
            return 16;
        }
        long size = 12;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                if (field.getType().isPrimitive()) {
                    size += primitiveBytes(field.getType());
                    continue;
                }
                size += 4;
                try {
                    field.setAccessible(true);
                    size += deepSize(field.get(object), seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // inaccessible JDK internals: counted as a reference only
                }
            }
        }
        return size;
    }

    private static int primitiveBytes(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        return 1;
    }
}
