package io.colorstream.wire;

/** Every value on the wire is wrapped with the format version, so a newer producer is refused clearly. */
public record WireEnvelope<T>(int v, T body) {
    /** The wire format this build writes and reads; see docs/wire-format.md. */
    public static final int VERSION = 1;
}
