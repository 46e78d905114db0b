package io.bitscale.model.neural.tensor;

/**
 * Loads the Vector API forms of the kernels ({@code src/main/java21}, compiled into
 * {@code META-INF/versions/21} of the multi-release jar) when this JVM can run them: JDK 21+,
 * started with {@code --add-modules jdk.incubator.vector}, the versioned class present, and
 * {@code -Dbitscale.vector=false} not given. Each vector form gives the bits of its scalar loop,
 * so which one runs changes speed only.
 */
final class VectorClasses {

    private VectorClasses() {
    }

    /** The vector form when this JVM can run it and it is not switched off, else {@code scalar}. */
    static <T> T best(String simpleName, Class<T> type, T scalar) {
        T vector = load(simpleName, type);
        return vector != null && !"false".equals(System.getProperty("bitscale.vector")) ? vector : scalar;
    }

    /** An instance of the vector form {@code simpleName} of this package, or {@code null} when this JVM cannot run it. */
    static <T> T load(String simpleName, Class<T> type) {
        if (Runtime.version().feature() < 21 || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            Class<?> found = Class.forName(VectorClasses.class.getPackageName() + "." + simpleName);
            return type.cast(found.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }
}
