package io.bitscale.model.context;

import io.bitscale.core.testing.PredictorContract;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Direct order-k tables: contexts are separate and the arguments are checked. */
class DirectOrderModelTest {

    /** Probability the model gives to the whole byte {@code value} next (product of its bit probabilities). */
    private static double byteProbability(DirectOrderModel model, int value) {
        double p = 1;
        for (int shift = 7; shift >= 0; shift--) {
            int bit = (value >>> shift) & 1;
            int p1 = model.p1();
            p *= bit != 0 ? p1 / 65536.0 : 1 - p1 / 65536.0;
            model.update(bit);
        }
        return p;
    }

    private static DirectOrderModel trained(int order, String text) {
        DirectOrderModel model = new DirectOrderModel(order, 1023);
        PredictorContract.trace(model, text.getBytes(StandardCharsets.US_ASCII));
        return model;
    }

    @Test
    void orderTwoSeesTwoBytesOfContext() {
        String text = "xab".repeat(300) + "yac".repeat(300);
        // After "xa" the model has only ever seen 'b'; after "ya" only 'c'.
        assertThat(byteProbability(trained(2, text + "xa"), 'b')).isGreaterThan(0.9);
        assertThat(byteProbability(trained(2, text + "ya"), 'c')).isGreaterThan(0.9);
        // Order 1 sees only the 'a' and splits between the two.
        double b = byteProbability(trained(1, text + "xa"), 'b');
        assertThat(b).isBetween(0.2, 0.8);
        // Order 0 sees no context at all.
        assertThat(byteProbability(trained(0, text + "xa"), 'b')).isLessThan(0.4);
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> new DirectOrderModel(3, 255)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("order 0..2");
        assertThatThrownBy(() -> new DirectOrderModel(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectOrderModel(1, 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DirectOrderModel(2, 1).parameters()).isEqualTo(255L * 65536);
    }
}
