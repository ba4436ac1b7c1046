package io.colorstream.bench;

/** What the bench times, in the order of the film's path; each a row of the report. */
public enum Stage {
    DECODE("decode + shot detection"),
    MODEL_BATCH_1("model, batch 1"),
    MODEL_BATCH_4("model, batch 4"),
    SMOOTHING("smoothing"),
    RECOMBINE("recombine"),
    RECOMBINE_ENCODE("recombine + encode (H.264)"),
    END_TO_END("end to end (Kafka, 2 partitions)"),
    /** The same run from its first colorized frame to the film written: the flow's pace without its start-up. */
    END_TO_END_STEADY("end to end, after the first frame"),
    END_TO_END_EXACTLY_ONCE("end to end, exactly_once_v2 (bench --exactly-once)");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** How the report names the stage. */
    public String label() {
        return label;
    }
}
