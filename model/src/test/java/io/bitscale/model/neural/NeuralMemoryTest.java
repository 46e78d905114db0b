package io.bitscale.model.neural;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batched networks' {@code memoryBytes()}, stated before allocation, is within 10% of what
 * they hold once they have coded and trained (all lazily made buffers allocated).
 */
class NeuralMemoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"mlp(opt=adam,impl=batched,segments=16,every=2)",
            "mlp(width=64,orders=1..6,bits=12,impl=batched,segments=8,adapt=0)",
            "transformer(layers=2,d=32,heads=2,ctx=32,segments=8,every=8,train=16)",
            "transformer(layers=3,d=64,heads=4,ctx=64,segments=4,every=16)",
            "transformer(layers=2,d=32,heads=4,ctx=128,segments=16,adapt=0)"})
    void statedMemoryMatchesWhatIsHeld(String spec) {
        PredictorFactory factory = Models.factory(spec);
        NeuralModel model = (NeuralModel) factory.create();
        byte[] data = NeuralTestData.text(8192);
        PredictiveCoder.of(model).codeBlock(new ArithmeticEncoder(), data, 0, data.length);
        long measured = deepSize(model, new IdentityHashMap<>());
        assertThat(model.memoryBytes()).isEqualTo(factory.memoryBytes());
        assertThat((double) factory.memoryBytes()).as("%s: stated %d, measured %d", spec, factory.memoryBytes(), measured)
                .isBetween(measured * 0.9, measured * 1.1);
    }

    /** Shallow sizes of every object reachable from {@code object} (as MixingTestSupport counts them). */
    static long deepSize(Object object, IdentityHashMap<Object, Boolean> seen) {
        if (object == null || seen.put(object, Boolean.TRUE) != null) {
            return 0;
        }
        Class<?> type = object.getClass();
        if (type.isArray()) {
            int length = Array.getLength(object);
            Class<?> component = type.getComponentType();
            if (component.isPrimitive()) {
                return 16 + (long) length * (component == long.class || component == double.class ? 8
                        : component == int.class || component == float.class ? 4 : component == boolean.class
                        || component == byte.class ? 1 : 2);
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
                    size += 8;
                    continue;
                }
                size += 4;
                try {
                    field.setAccessible(true);
                    size += deepSize(field.get(object), seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // inaccessible internals: a reference only
                }
            }
        }
        return size;
    }
}
