package org.example.bitscale;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class AppTest {
    @Test
    void customModelRoundTripsAndCompresses() throws Exception {
        byte[] data = "aaaaaaaabbbbbbbb the custom model sees runs ".repeat(2000).getBytes(StandardCharsets.US_ASCII);
        long custom = App.roundTrip(data, "run-order1");
        long order0 = App.roundTrip(data, "order0");
        assertTrue(custom < order0 / 2, "custom model " + custom + " bytes vs order0 " + order0);
        assertTrue(App.roundTrip(data, "run-order1(rate=5)") > 0, "its knob works");
    }

    @Test
    void anUnknownKnobOfThePluginIsAnError() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> App.MODELS.factory("run-order1(rat=5)"));
        assertTrue(e.getMessage().contains("has no argument 'rat'"), e.getMessage());
    }
}
