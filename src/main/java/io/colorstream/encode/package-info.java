/**
 * The encode role: restores film order ({@link io.colorstream.encode.FrameReorderBuffer}), recombines model-size
 * chroma with full-resolution luminance ({@link io.colorstream.encode.ChromaUpsampler},
 * {@link io.colorstream.encode.FrameRecombiner}), writes H.264/AAC with an atomic rename
 * ({@link io.colorstream.encode.FilmEncoder}), and decides when a film is complete
 * ({@link io.colorstream.encode.VideoCompletion}). {@link io.colorstream.encode.FilmAssembly} puts one film
 * together without Kafka; {@link io.colorstream.encode.EncodeService} feeds it from the topics.
 */
package io.colorstream.encode;
