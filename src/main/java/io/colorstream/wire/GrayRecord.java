package io.colorstream.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A value on the gray-frames topic: a frame, or the marker that closes its shot. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = GrayFrame.class, name = "frame"),
    @JsonSubTypes.Type(value = ShotEnd.class, name = "shot-end")
})
public sealed interface GrayRecord permits GrayFrame, ShotEnd {
    String videoId();

    int shot();
}
