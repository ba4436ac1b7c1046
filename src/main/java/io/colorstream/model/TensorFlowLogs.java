package io.colorstream.model;

/** TensorFlow's native logging is chatty at INFO; it reads its level from the environment at load. */
final class TensorFlowLogs {
    private TensorFlowLogs() {
    }

    static void quiet() {
        // Only effective when set before the native library loads; the launcher also exports it.
        if (System.getenv("TF_CPP_MIN_LOG_LEVEL") == null) {
            System.setProperty("org.tensorflow.NativeLibrary.DEBUG", "false");
        }
    }
}
