package io.bitscale.cli;

import io.bitscale.model.Models;
import io.bitscale.model.spec.ModelRegistry;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Model plug-ins for this run of the command: jars given with {@code --plugin JAR}, searched for
 * {@link io.bitscale.model.spec.ModelProvider} implementations (plus any on the class path). Every
 * command that builds or decodes a model asks here for the registry, so a plug-in's models work
 * in {@code eval}, {@code compress}, {@code decompress}, {@code scale} and {@code models} alike.
 */
final class Plugins {

    private static volatile List<Path> jars = List.of();
    private static volatile ModelRegistry registry;

    private Plugins() {
    }

    /**
     * Uses these plug-in jars for the rest of the run.
     *
     * @throws UsageException if a jar does not exist
     */
    static synchronized void use(List<Path> pluginJars) {
        for (Path jar : pluginJars) {
            if (!Files.isRegularFile(jar)) {
                throw new UsageException("plug-in " + jar + " is not a file");
            }
        }
        jars = List.copyOf(pluginJars);
        registry = null;
    }

    /** The standard models plus every plug-in's. */
    static ModelRegistry registry() {
        ModelRegistry current = registry;
        if (current != null) {
            return current;
        }
        synchronized (Plugins.class) {
            if (registry == null) {
                registry = jars.isEmpty() ? Models.registry() : Models.registry(loader(jars));
            }
            return registry;
        }
    }

    private static ClassLoader loader(List<Path> pluginJars) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : pluginJars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UsageException("plug-in path " + jar + " is not usable: " + e.getMessage());
            }
        }
        // Parent first: a plug-in sees bitscale's own classes, never a second copy of them.
        return new URLClassLoader("bitscale-plugins", urls.toArray(new URL[0]), Plugins.class.getClassLoader());
    }
}
