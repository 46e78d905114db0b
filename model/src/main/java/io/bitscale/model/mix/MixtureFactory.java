package io.bitscale.model.mix;

import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.ModelPart;
import io.bitscale.core.model.Predictor;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolBits;
import io.bitscale.core.model.SymbolPredictor;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link Mixture}s: a spec, the component factories and the mixing options. A factory
 * with a single component and default options is what a bare component spec such as
 * {@code order(1..4)} or {@code match} builds; {@code mix(...)} takes the components of such
 * bare children directly and wraps any other predictor in a {@link PredictorComponent}.
 */
public final class MixtureFactory implements PredictorFactory {

    private final String spec;
    private final List<Component.Factory> components;
    private final Mixture.Options options;
    private final boolean bare;

    private MixtureFactory(String spec, List<Component.Factory> components, Mixture.Options options, boolean bare) {
        this.spec = spec;
        this.components = List.copyOf(components);
        this.options = options;
        this.bare = bare;
    }

    /** A factory for one component mixed on its own with default options. */
    public static MixtureFactory single(String spec, Component.Factory component) {
        return new MixtureFactory(spec, List.of(component), Mixture.Options.DEFAULT, true);
    }

    /**
     * A mixture of the models the factories make: the components of bare single-component
     * factories, any other predictor wrapped.
     */
    public static MixtureFactory of(String spec, List<PredictorFactory> models, Mixture.Options options) {
        List<Component.Factory> parts = new ArrayList<>();
        for (PredictorFactory model : models) {
            if (model instanceof MixtureFactory mixture && mixture.bare) {
                parts.addAll(mixture.components);
            } else {
                parts.add(wrap(model));
            }
        }
        return new MixtureFactory(spec, parts, options, false);
    }

    private static Component.Factory wrap(PredictorFactory model) {
        return new Component.Factory() {
            @Override
            public String name() {
                return model.spec();
            }

            @Override
            public long operationsPerByte() {
                return model.operationsPerByte();
            }

            @Override
            public int inputCount() {
                return 1;
            }

            @Override
            public long parameters() {
                return model.parameters();
            }

            @Override
            public long memoryBytes() {
                return model.memoryBytes() + PredictorComponent.OVERHEAD_BYTES;
            }

            @Override
            public Component create(ByteHistory history) {
                Predictor predictor = model.create();
                BitPredictor bits = predictor instanceof BitPredictor b ? b
                        : new SymbolBits((SymbolPredictor) predictor);
                return new PredictorComponent(bits, model.memoryBytes());
            }
        };
    }

    private int inputCount() {
        int n = 0;
        for (Component.Factory component : components) {
            n += component.inputCount();
        }
        return n;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public long parameters() {
        long sum = 0;
        for (Component.Factory component : components) {
            sum += component.parameters();
        }
        return Mixture.parameters(sum, inputCount(), options);
    }

    @Override
    public long memoryBytes() {
        long sum = 0;
        for (Component.Factory component : components) {
            sum += component.memoryBytes();
        }
        return sum + Mixture.memoryBytes(inputCount(), options);
    }

    /** Components' work plus the mixer's and SSE's per bit; -1 if a component does not state its work. */
    @Override
    public long operationsPerByte() {
        long sum = 0;
        for (Component.Factory component : components) {
            long work = component.operationsPerByte();
            if (work < 0) {
                return -1;
            }
            sum += work;
        }
        return sum + Mixture.operationsPerByte(inputCount(), options);
    }

    /** Each component, then the mixer and the SSE stages, each with its own size and work. */
    @Override
    public List<ModelPart> parts() {
        List<ModelPart> parts = new ArrayList<>();
        for (Component.Factory component : components) {
            parts.add(new ModelPart(component.name(), component.parameters(), component.memoryBytes(),
                    component.operationsPerByte()));
        }
        parts.addAll(Mixture.parts(inputCount(), options));
        return parts;
    }

    /** This factory under another spec name (presets are stored by name). */
    public MixtureFactory named(String name) {
        return new MixtureFactory(name, components, options, bare);
    }

    @Override
    public Mixture create() {
        ByteHistory history = new ByteHistory();
        List<Component> built = new ArrayList<>(components.size());
        List<String> names = new ArrayList<>(components.size());
        for (Component.Factory component : components) {
            built.add(component.create(history));
            names.add(component.name());
        }
        return new Mixture(history, built, names, options);
    }
}
