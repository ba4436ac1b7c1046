package io.colorstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MachineFactsTest {
    @Test
    void saysWhetherTensorFlowRunsItsOneDnnKernels() {
        assertEquals("oneDNN on", MachineFacts.oneDnn("1"));
        assertEquals("oneDNN on", MachineFacts.oneDnn(" TRUE "));
        assertEquals("oneDNN off", MachineFacts.oneDnn("0"));
        assertEquals("oneDNN: TensorFlow's default for this CPU", MachineFacts.oneDnn(null));
        assertEquals("TF_ENABLE_ONEDNN_OPTS=yes", MachineFacts.oneDnn("yes"), "not a value TensorFlow reads");
    }

    @Test
    void testsRunTheKernelsTheLauncherChooses() {
        // The launcher exports TF_ENABLE_ONEDNN_OPTS=1 unless the user set it; the pom gives the tests the same.
        assertEquals("oneDNN on", MachineFacts.oneDnn(System.getenv("TF_ENABLE_ONEDNN_OPTS")));
    }
}
