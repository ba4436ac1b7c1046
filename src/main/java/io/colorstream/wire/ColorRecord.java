package io.colorstream.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A value on the colour-frames topic: a colorized frame, or the marker that closes its shot. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ColorFrame.class, name = "frame"),
    @JsonSubTypes.Type(value = ShotEnd.class, name = "shot-end")
})
public sealed interface ColorRecord permits ColorFrame, ShotEnd {
    String videoId();

    int shot();
}
